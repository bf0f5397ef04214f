// One example input per operation of the service, and the fake providers they are sent to. The one
// place that knows each operation's inputs: when operations carry their own `example`, this file's
// body becomes a read of it.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { serviceOperations } from "../../src/server/lib/operations.js";
import { recipeCases } from "../bubble/helpers/recipe-cases.js";
import { endpointsOf, type Fake, startFakeProviders } from "../recipes/exchanges/fake-providers.js";
import { serviceAccountJson, testKeys } from "../recipes/helpers.js";
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

/** Every operation's example, in the order of the service's list; throws when one has none. */
export function operationExamples(): OperationExample[] {
  const keys = testKeys();
  const byId = new Map<string, OperationExample>(recipeCases().map((each) => [each.id, each]));
  const exchanges: OperationExample[] = [
    {
      id: "google-access-token",
      fields: { scopes: "https://www.googleapis.com/auth/spreadsheets" },
      secrets: { service_account_json: serviceAccountJson() },
    },
    {
      id: "docusign-access-token",
      fields: {
        integration_key: "0f6e1d2c-3b4a-4958-8a7b-6c5d4e3f2a1b",
        user_id: "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d",
      },
      secrets: { private_key: keys.rsaPkcs1 },
    },
    {
      id: "salesforce-access-token",
      fields: { consumer_key: "3MVG9A2kN3Bn17hs.consumer_key", username: "integration@acme.com" },
      secrets: { private_key: keys.rsaPkcs8 },
    },
    {
      id: "github-installation-token",
      fields: { app_id: "123456", installation_id: "4242" },
      secrets: { private_key: keys.rsaPkcs1 },
    },
    {
      id: "verify-sign-in-token",
      fields: { token: sign(PROVIDER_CASES.google.claims), ...PROVIDER_CASES.google.input },
      secrets: {},
    },
  ];
  for (const each of exchanges) byId.set(each.id, each);
  return serviceOperations().map((operation) => {
    const example = byId.get(operation.id);
    if (example === undefined) throw new Error(`operation ${operation.id} has no example input`);
    return example;
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
