import type { Clock } from "../jwt/index.js";
import type { InputName, InputSpec, InputValues, OutputSpec } from "./input-spec.js";

/** The values an operation returns: each output by name, typed by its spec. */
export type OutputValues<Outputs extends readonly OutputSpec[]> = {
  [Spec in Outputs[number] as Spec["name"]]?: OutputValueOf[Spec["type"]] | null;
};

/** What each output type holds. */
export interface OutputValueOf {
  text: string;
  number: number;
  boolean: boolean;
  date: Date;
  list: string[];
}

/**
 * What an operation makes: a token a provider demands, a token fetched from one, a sign-in check of
 * one, or a `check` of a token given with its key (decrypting a JWE), whose outputs carry ok, error and
 * error_code: a refused token is an answer (ok = no), a wrong input an error.
 */
export type OperationKind = "recipe" | "exchange" | "sign-in" | "check";

/** One rule a provider sets, and where it is written: shown in the docs beside the operation. */
export interface ProviderRule {
  /** The rule in plain words ("at most 20 minutes long"). */
  readonly rule: string;
  /** Where the provider says so: a documentation URL or an official SDK's file. */
  readonly source: string;
}

/**
 * A key an example input needs. Examples are data shipped with the code, so they never hold a key:
 * each place that runs an example (tests, the playground, the docs) makes a fresh key of this kind.
 */
export type ExampleKeyKind =
  | "rsa-pkcs8"
  | "rsa-pkcs1"
  | "rsa-pkcs1-base64"
  | "ec-p256-pkcs8"
  | "ec-p256-sec1"
  | "ed25519-base64"
  | "google-service-account"
  /** Box's app configuration JSON (Server Authentication with JWT), its private key encrypted PKCS#8. */
  | "box-config"
  /** A 32-byte shared secret as base64url (a JWE dir/A256KW key), the same for one set of pairs. */
  | "oct-256-base64url"
  /** A JWE (dir, A256GCM) encrypted for that secret, with exp in 2100, for an example that decrypts. */
  | "jwe-dir-token";

export interface ExampleKey {
  readonly exampleKey: ExampleKeyKind;
}

/** A key of this kind, made where the example is run. */
export function exampleKey(kind: ExampleKeyKind): ExampleKey {
  return { exampleKey: kind };
}

export function isExampleKey(value: unknown): value is ExampleKey {
  return typeof value === "object" && value !== null && "exampleKey" in value;
}

/** A value of an example input, as a person would type it. */
export type ExampleValue = string | number | boolean | readonly string[] | ExampleKey;

/** One example input: values by input name (a misspelt name does not compile). */
export type ExampleInput<Inputs extends readonly InputSpec[]> = {
  readonly [Name in InputName<Inputs>]?: ExampleValue;
};

/** A shared store of fetched tokens (an exchange's access tokens), reused until shortly before expiry. */
export interface TokenStore<Result = unknown> {
  get(key: string, now: Clock, fetch: () => Promise<Result>): Promise<Result>;
}

/** How an operation that calls a provider reaches it; each layer sets these from its own settings. */
export interface NetworkOptions {
  /** Endpoint URLs by name, replacing the operation's defaults; https only. */
  readonly endpoints?: Readonly<Record<string, string>>;
  /** An extra trusted certificate authority (PEM). */
  readonly ca?: string | Buffer;
  readonly timeoutMs?: number;
  readonly maxBytes?: number;
  /** The process's shared store by default; `false` to always ask the provider. */
  readonly cache?: TokenStore | false;
}

/** What an operation gets besides its values: the one clock, and how to reach a provider. */
export interface OperationContext extends NetworkOptions {
  readonly clock: Clock;
}

/**
 * The one shape of everything the layers offer: a recipe, a token exchange, a sign-in check. Inputs
 * and outputs are declared once, and `run` turns read values into outputs. The Bubble action, the
 * command `bubble-jwt recipe <id>`, the HTTP route, the docs' sections and the tests are all made from
 * it; a provider module declares one and the registry lists it.
 */
export interface Operation<
  Inputs extends readonly InputSpec[] = readonly InputSpec[],
  Outputs extends readonly OutputSpec[] = readonly OutputSpec[],
> {
  /** kebab-case, stable: the command's name, the route's last segment, the library's id. */
  readonly id: string;
  readonly kind: OperationKind;
  /** What a person sees: the Bubble action's name ("Apple: MusicKit developer token"). */
  readonly display: string;
  /** The provider's name ("Apple"), or "Any" for a check that takes several. */
  readonly provider: string;
  /** One line: what it is for. */
  readonly summary: string;
  readonly inputs: Inputs;
  /** Every output, the token and its expiry included. */
  readonly outputs: Outputs;
  /** One valid input, for the tests, the docs and the playground. */
  readonly example: ExampleInput<Inputs>;
  /** The provider's rules this operation enforces, each with its source. */
  readonly rules: readonly ProviderRule[];
  /** The declaring module's `import.meta.url`: a Bubble action bundles that module alone. */
  readonly source: string;
  /** Every URL it calls, by name, with its default (exchanges and sign-in checks). */
  readonly endpoints?: Readonly<Record<string, string>>;
  /**
   * A check of data signed under pinned roots (Apple's) that trusts the context's `ca` as one more
   * root, for tests and private roots; the layers offer that field only to such a check.
   */
  readonly takesExtraRoot?: boolean;
  run(
    values: InputValues<Inputs>,
    context: OperationContext,
  ): OutputValues<Outputs> | Promise<OutputValues<Outputs>>;
}

/** Any operation, whatever its inputs: what a layer iterates. */
export type AnyOperation = Operation<readonly InputSpec[], readonly OutputSpec[]>;

/** Declares an operation, keeping its input names' literal types so that `run` reads only declared inputs. */
export function defineOperation<
  const Inputs extends readonly InputSpec[],
  const Outputs extends readonly OutputSpec[],
  Extra extends object = object,
>(operation: Operation<Inputs, Outputs> & Extra): Operation<Inputs, Outputs> & Extra {
  return Object.freeze(operation);
}

/** What a layer needs to offer an operation (an action, a command): a layer may wrap one in these. */
export type OperationCore = Pick<AnyOperation, "id" | "display" | "summary" | "inputs" | "outputs" | "run">;
