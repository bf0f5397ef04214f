/**
 * Security advice, checked on each token made: never put secrets or personal
 * data in a token (anyone holding it can read its claims), keep lifetimes short, and never sign with
 * a secret copied from an example. These are warnings, never errors: the token is still made.
 */

export type SecurityWarningCode = "WARN_SENSITIVE_CLAIM" | "WARN_LONG_LIFETIME" | "WARN_EXAMPLE_SECRET";

export interface SecurityWarning {
  readonly code: SecurityWarningCode;
  readonly message: string;
  /** The claim concerned (a dotted path for nested members), for WARN_SENSITIVE_CLAIM. */
  readonly claim?: string;
}

export interface TokenFacts {
  /** The claims as signed. */
  readonly claims: Readonly<Record<string, unknown>>;
  /** `exp - iat` in seconds, when the token expires. */
  readonly lifetimeSeconds?: number;
  /** The HMAC secret as the caller typed it, when one was used. Only compared, never kept or shown. */
  readonly secretText?: string;
}

/** Lifetimes above this get WARN_LONG_LIFETIME: a day. */
export const LONG_LIFETIME_SECONDS = 24 * 60 * 60;

/** Every warning the advice gives for one token, claims first. */
export function securityWarnings(facts: TokenFacts): SecurityWarning[] {
  const warnings = sensitiveClaimWarnings(facts.claims);
  if (facts.lifetimeSeconds !== undefined && facts.lifetimeSeconds > LONG_LIFETIME_SECONDS) {
    warnings.push(longLifetimeWarning(facts.lifetimeSeconds));
  }
  if (facts.secretText !== undefined && isExampleSecret(facts.secretText)) {
    warnings.push({
      code: "WARN_EXAMPLE_SECRET",
      message:
        "The secret is a well-known example value that anyone can try: whoever guesses it can make tokens " +
        "your app accepts. Use a random secret of at least 32 bytes.",
    });
  }
  return warnings;
}

/** Secrets found in tutorials, library read-mes and debuggers: attackers try these first. */
const EXAMPLE_SECRETS = new Set(
  [
    "secret",
    "secretkey",
    "secret-key",
    "secret_key",
    "mysecret",
    "my-secret",
    "my_secret",
    "mysecretkey",
    "my-secret-key",
    "supersecret",
    "super-secret",
    "super_secret",
    "supersecretkey",
    "topsecret",
    "your-256-bit-secret",
    "your-384-bit-secret",
    "your-512-bit-secret",
    "a-string-secret-at-least-256-bits-long",
    "your-secret-key",
    "your_secret_key",
    "your-jwt-secret",
    "your_jwt_secret",
    "jwt_secret",
    "jwt-secret",
    "jwtsecret",
    "changeme",
    "change-me",
    "change_me",
    "changethis",
    "password",
    "passw0rd",
    "123456",
    "shhhhh",
    "shhhhhared-secret",
    "keyboard cat",
    "default",
    "test",
    "testsecret",
    "test-secret",
    "qwertyuiopasdfghjklzxcvbnm123456",
  ].map((text) => text.toLowerCase()),
);

export function isExampleSecret(text: string): boolean {
  return EXAMPLE_SECRETS.has(text.trim().toLowerCase());
}

function longLifetimeWarning(seconds: number): SecurityWarning {
  return {
    code: "WARN_LONG_LIFETIME",
    message:
      `The token lives ${describeDuration(seconds)}: a stolen copy works that long, and a token cannot be ` +
      "taken back before it expires. Prefer an hour or less and issue a new token when needed.",
  };
}

function describeDuration(seconds: number): string {
  const days = seconds / 86_400;
  if (days >= 2) return `${Math.round(days * 10) / 10} days`;
  return `${Math.round((seconds / 3600) * 10) / 10} hours`;
}

/**
 * Names that say "secret or personal data", as whole words of a claim name written in any style
 * (snake_case, camelCase, kebab-case, spaces): "user_password", "cardNumber", "api-key".
 */
const SENSITIVE_WORD_RUNS: readonly (readonly string[])[] = [
  ["password"],
  ["passwd"],
  ["pass"],
  ["pwd"],
  ["secret"],
  ["ssn"],
  ["social", "security"],
  ["card", "number"],
  ["cc", "number"],
  ["cvv"],
  ["cvc"],
  ["iban"],
  ["api", "key"],
  ["apikey"],
  ["private", "key"],
  ["privatekey"],
];

/** Nested claims are looked at down to this depth; deeper ones are left alone. */
const MAX_DEPTH = 8;

function sensitiveClaimWarnings(claims: Readonly<Record<string, unknown>>): SecurityWarning[] {
  const warnings: SecurityWarning[] = [];
  const visit = (value: unknown, path: string, name: string | undefined, depth: number): void => {
    if (name !== undefined && hasSensitiveName(name)) {
      warnings.push(sensitiveWarning(path, "its name says it holds a secret or personal data"));
      return;
    }
    if (typeof value === "string" || typeof value === "number") {
      const reason = sensitiveValueReason(String(value));
      if (reason !== undefined) warnings.push(sensitiveWarning(path, reason));
      return;
    }
    if (depth >= MAX_DEPTH || value === null || typeof value !== "object") return;
    if (Array.isArray(value)) {
      for (const [index, item] of value.entries()) visit(item, `${path}[${index}]`, undefined, depth + 1);
      return;
    }
    for (const [key, item] of Object.entries(value))
      visit(item, path === "" ? key : `${path}.${key}`, key, depth + 1);
  };
  visit(claims, "", undefined, 0);
  return warnings;
}

function sensitiveWarning(claim: string, reason: string): SecurityWarning {
  return {
    code: "WARN_SENSITIVE_CLAIM",
    claim,
    message:
      `The claim "${claim}" looks sensitive (${reason}). Anyone who holds the token can read its claims: ` +
      "keep such data in your database and put only an id in the token.",
  };
}

export function hasSensitiveName(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== "");
  return SENSITIVE_WORD_RUNS.some((run) => containsRun(words, run));
}

function containsRun(words: readonly string[], run: readonly string[]): boolean {
  for (let start = 0; start + run.length <= words.length; start++) {
    if (run.every((word, offset) => words[start + offset] === word)) return true;
  }
  return false;
}

function sensitiveValueReason(text: string): string | undefined {
  if (/-----BEGIN [A-Z0-9 ]*-----/.test(text)) return "its value is a PEM block, such as a key";
  if (looksLikeCardNumber(text)) return "its value looks like a payment card number";
  return undefined;
}

/** 13 to 19 digits, spaces or dashes allowed between them, passing the Luhn check. */
export function looksLikeCardNumber(text: string): boolean {
  if (!/^\s*\d[\d -]{11,}\d\s*$/.test(text)) return false;
  const digits = text.replace(/[ -]/g, "").trim();
  if (digits.length < 13 || digits.length > 19) return false;
  let sum = 0;
  for (let index = 0; index < digits.length; index++) {
    let digit = digits.charCodeAt(digits.length - 1 - index) - 48;
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}
