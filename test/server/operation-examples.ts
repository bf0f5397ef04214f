// One example input per operation of the service (each operation's own example), and the fake
// providers they are sent to.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { exampleInput, OPERATIONS } from "../../src/recipes/index.js";
import { serviceOperations } from "../../src/server/lib/service-operations.js";
import { endpointsOf, type Fake, startFakeProviders } from "../recipes/exchanges/fake-providers.js";
import { testKeys } from "../recipes/helpers.js";
import { type FakeIssuers, PROVIDER_CASES, sign, startFakeIssuers } from "../recipes/sign-in/fake-issuers.js";
import { tempDir } from "./helpers.js";

/** The instant every example is made for (the recipes', exchanges' and sign-in tests' NOW). */
export const EXAMPLE_NOW = new Date("2026-12-01T10:00:00Z");

export interface OperationExample {
  readonly id: string;
  /** The inputs that are not secrets. */
  readonly fields: Readonly<Record<string, unknown>>;
  /** The secret inputs, by input name. */
  readonly secrets: Readonly<Record<string, string>>;
}

/**
 * Every operation's own example from the registry, in the order of the service's list, with the test
 * keys standing in for the example's keys. A sign-in check's example token that verifies nowhere is
 * replaced by one the fake issuers signed.
 */
export function operationExamples(): OperationExample[] {
  const keys = testKeys();
  const pairs = { rsa: keys.rsa, ec: keys.ec, ed25519: keys.ed25519 };
  return OPERATIONS.map((operation) => {
    const input: Record<string, unknown> = { ...exampleInput(operation, pairs) };
    if (operation.id === "verify-sign-in-token") {
      Object.assign(input, { token: sign(PROVIDER_CASES.google.claims), ...PROVIDER_CASES.google.input });
    }
    // The Pub/Sub example's claims, signed by the key the fake issuers publish as Google's. (The
    // Shopify example is signed with its own example secret for EXAMPLE_NOW: it is used as it is.)
    if (operation.id === "google-pubsub") input.token = `Bearer ${sign(examplePayload(String(input.token)))}`;
    const fields: Record<string, unknown> = {};
    const secrets: Record<string, string> = {};
    for (const spec of operation.inputs) {
      const value = input[spec.name];
      if (value === undefined) continue;
      if (spec.type === "secret") secrets[spec.name] = String(value);
      else fields[spec.name] = value;
    }
    return { id: operation.id, fields, secrets };
  });
}

/** The examples' secrets as the service's environment: each under its input's fallback key. */
export function secretsAsEnvironment(examples: readonly OperationExample[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const example of examples) {
    const operation = serviceOperations().find((each) => each.id === example.id);
    for (const [name, value] of Object.entries(example.secrets)) {
      const key = operation?.inputs.find((input) => input.name === name)?.fallbackKey;
      if (key === undefined) throw new Error(`${example.id}: ${name} has no fallback key`);
      if (env[key] !== undefined && env[key] !== value) throw new Error(`${key} differs between examples`);
      env[key] = value;
    }
  }
  return env;
}

/** The fake token endpoints and key servers, and the service variables that point the operations at them. */
export interface ExampleProviders {
  readonly providers: Fake;
  readonly issuers: FakeIssuers;
  /** OPERATION_ENDPOINTS and OPERATION_CA_FILE for the service's config. */
  readonly env: Readonly<Record<string, string>>;
  close(): Promise<void>;
}

export async function startExampleProviders(): Promise<ExampleProviders> {
  const providers = await startFakeProviders(testKeys().rsa, EXAMPLE_NOW.getTime());
  const issuers = await startFakeIssuers();
  const caFile = join(tempDir(), "operations-ca.pem");
  writeFileSync(caFile, `${providers.ca}\n${issuers.server.cert}\n`);
  const endpoints = { ...endpointsOf(providers), ...issuers.endpoints };
  return {
    providers,
    issuers,
    env: {
      OPERATION_ENDPOINTS: Object.entries(endpoints)
        .map(([name, url]) => `${name}=${url}`)
        .join(","),
      OPERATION_CA_FILE: caFile,
    },
    close: async () => {
      await providers.close();
      await issuers.close();
    },
  };
}

/** The claims of an example token (its signature verifies nowhere). */
function examplePayload(token: string): Record<string, unknown> {
  const payload = token.replace(/^Bearer /, "").split(".")[1] ?? "";
  return JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
}
