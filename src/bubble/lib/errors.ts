import {
  describeJwtError,
  isJwtError,
  type JsonFault,
  type JsonFaultKind,
  type JwtErrorCode,
} from "../../jwt/index.js";
import type { FieldDefinition } from "../types.js";

/** What a failed action reports: a stable code and a message safe to show (no key, no token). */
export interface Failure {
  code: string;
  message: string;
  verdict: Verdict;
  /** Values worth returning with the failure (DocuSign's consent_url), by output name. */
  outputs?: Readonly<Record<string, string>>;
}

/**
 * A failure an action reports in its own words (a provider's refusal of a token exchange, say): its
 * stable code, a message that says what to check (never a key or a token), and outputs to return
 * with it. defineAction turns it into ok = no, error, error_code and those outputs.
 */
export class ActionFailure extends Error {
  override readonly name = "ActionFailure";
  readonly code: string;
  readonly verdict: Verdict;
  readonly outputs: Readonly<Record<string, string>>;

  constructor(
    code: string,
    message: string,
    verdict: Verdict,
    outputs: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.code = code;
    this.verdict = verdict;
    this.outputs = outputs;
  }
}

/**
 * What a failure means for the app builder: the token was refused (an answer, not a fault), the
 * action's fields or plugin keys are wrong, or a service the action needs did not answer.
 */
export type Verdict = "invalid-token" | "bad-input" | "unavailable" | "unexpected";

/** The code for failures that are not the engine's; their details are never shown. */
export const UNEXPECTED_ERROR_CODE = "ERR_UNEXPECTED";

/** The plugin's one translation of engine codes; a new engine code does not compile until mapped. */
export const BUBBLE_ERRORS: Readonly<Record<JwtErrorCode, { verdict: Verdict; when: string }>> = {
  ERR_PAYLOAD_REQUIRED: { verdict: "bad-input", when: "json data is empty." },
  ERR_PAYLOAD_INVALID: {
    verdict: "bad-input",
    when: "json data is not a JSON object; the error gives the line, the column and an excerpt.",
  },
  ERR_KEY_MISSING: { verdict: "bad-input", when: "No secret or key in the fields nor in the plugin keys." },
  ERR_KEY_INVALID: { verdict: "bad-input", when: "A key cannot be read or does not fit the algorithm." },
  ERR_KEY_WEAK: { verdict: "bad-input", when: "The secret is shorter than the hash (32 bytes for HS256)." },
  ERR_ALG_NOT_ALLOWED: { verdict: "invalid-token", when: "The token's algorithm is not one the keys allow." },
  ERR_JWT_MALFORMED: { verdict: "invalid-token", when: "The token is empty or not a JWT." },
  ERR_JWS_SIGNATURE_INVALID: { verdict: "invalid-token", when: "The signature does not match the keys." },
  ERR_JWT_EXPIRED: { verdict: "invalid-token", when: "The token has expired." },
  ERR_JWT_NOT_YET_VALID: { verdict: "invalid-token", when: "The token is not valid yet (nbf)." },
  ERR_JWT_CLAIM_INVALID: {
    verdict: "invalid-token",
    when: "A claim is missing or is not the expected issuer, audience or subject.",
  },
  ERR_KID_UNKNOWN: { verdict: "invalid-token", when: "The token's kid is not in the key set." },
  ERR_TOKEN_TOO_LARGE: { verdict: "invalid-token", when: "The token is longer than the allowed maximum." },
  ERR_OPTION_INVALID: {
    verdict: "bad-input",
    when: "A field has a value it cannot take; the error names it.",
  },
  ERR_INPUT_RULE: {
    verdict: "bad-input",
    when: "A field breaks a rule of the provider the token is for; the error names it and the rule.",
  },
  ERR_JWKS_FETCH_FAILED: { verdict: "unavailable", when: "The JWKS URL could not be fetched or read." },
  ERR_DISCOVERY_FAILED: {
    verdict: "unavailable",
    when: "The issuer's OpenID configuration could not be fetched or read, or names another issuer.",
  },
  ERR_JWE_DECRYPTION_FAILED: {
    verdict: "invalid-token",
    when: "The encrypted token cannot be decrypted with the key, or was altered.",
  },
  ERR_JWE_INVALID: { verdict: "invalid-token", when: "The encrypted token breaks a rule of JWE." },
  ERR_JWT_ENCRYPTED: { verdict: "invalid-token", when: "The token is encrypted (JWE); it needs the key." },
};

const JSON_SAFE =
  'Insert dynamic values with ":formatted as JSON-safe", which adds the quotes and escapes them.';

/** Bubble advice for each kind of mistake in a JSON text; a new kind does not compile until mapped. */
export const BUBBLE_FAULT_ADVICE: Readonly<Record<JsonFaultKind, string | undefined>> = {
  "missing-value": `An empty dynamic value leaves nothing after the colon. ${JSON_SAFE}`,
  "quote-in-value": `A quote or line break inside a dynamic value breaks the text. ${JSON_SAFE}`,
  "control-character": `A line break or tab inside a dynamic value breaks the text. ${JSON_SAFE}`,
  "unquoted-value": `A dynamic text without quotes is not JSON. ${JSON_SAFE}`,
  "curly-quotes": 'Type straight quotes ("), not the curly ones a text editor or a phone puts in.',
  "trailing-comma": "Remove the comma after the last member, or fill in the member that should follow it.",
  "single-quotes": 'JSON needs double quotes (") around names and texts.',
  "unquoted-name": 'Put each name between double quotes: {"user_id": ...}.',
  "not-an-object": undefined,
  syntax: undefined,
};

/**
 * The failure of an action, worded for the app builder: an engine or input error names the field's
 * caption in quotes and adds Bubble advice for a JSON fault; anything else is told without details.
 */
export function toFailure(error: unknown, fields: readonly FieldDefinition[]): Failure {
  if (error instanceof ActionFailure) {
    return { code: error.code, message: error.message, verdict: error.verdict, outputs: error.outputs };
  }
  if (!isJwtError(error)) {
    return {
      code: UNEXPECTED_ERROR_CODE,
      verdict: "unexpected",
      message:
        "The action failed unexpectedly. No details are shown, so that no key or token can leak; " +
        "check the values given to the action.",
    };
  }
  const message = describeJwtError(error, {
    option: (option) => {
      const field = fields.find((item) => item.name === option || item.engineOption === option);
      return field === undefined ? undefined : `"${field.caption}"`;
    },
    faultAdvice: (fault: JsonFault) => BUBBLE_FAULT_ADVICE[fault.kind],
  });
  return { code: error.code, message, verdict: BUBBLE_ERRORS[error.code].verdict };
}
