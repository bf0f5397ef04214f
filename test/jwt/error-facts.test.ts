// Errors carry facts (option, claim, reason, problem, fix) so that each layer words its own message
// from them (describeJwtError), never by cutting the engine's text; and the engine names no product.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import {
  describeJwtError,
  encodeJws,
  encodeJwt,
  generateKeyPair,
  generateSecret,
  importKey,
  type JwtErrorCode,
  parseAlgorithm,
  verifyJwt,
} from "../../src/jwt/index.js";
import { CLOCK, expectJwtError, keyPairFor, NOW_SECONDS, SECRET } from "./helpers.js";

const encode = (options: object, payload: object | string = {}) =>
  encodeJwt(payload, { key: SECRET, clock: CLOCK, ...options });
const token = encode({ issuer: "https://issuer.example" });
const verify = (options: object, jwt = token) => verifyJwt(jwt, SECRET, { clock: CLOCK, ...options });

/** Errors about a caller's option or input: [what, producer, code, option]. */
const OPTION_ERRORS: [string, () => unknown, JwtErrorCode, string][] = [
  ["expiresInMinutes: 0", () => encode({ expiresInMinutes: 0 }), "ERR_OPTION_INVALID", "expiresInMinutes"],
  [
    "notBeforeMinutes as text",
    () => encode({ notBeforeMinutes: "5" }),
    "ERR_OPTION_INVALID",
    "notBeforeMinutes",
  ],
  [
    "noExpiry with expiresInMinutes",
    () => encode({ noExpiry: true, expiresInMinutes: 5 }),
    "ERR_OPTION_INVALID",
    "noExpiry",
  ],
  ["an empty issuer", () => encode({ issuer: "" }), "ERR_OPTION_INVALID", "issuer"],
  ["an empty subject", () => encode({ subject: "" }), "ERR_OPTION_INVALID", "subject"],
  ["an empty audience list", () => encode({ audience: [] }), "ERR_OPTION_INVALID", "audience"],
  ["an empty jwtId", () => encode({ jwtId: "" }), "ERR_OPTION_INVALID", "jwtId"],
  ["alg in the header", () => encode({ header: { alg: "none" } }), "ERR_OPTION_INVALID", "header"],
  ["a clock that is not a function", () => encode({ clock: 5 }), "ERR_OPTION_INVALID", "clock"],
  [
    "a negative tolerance on encode",
    () => encode({ clockToleranceSeconds: -1 }),
    "ERR_OPTION_INVALID",
    "clockToleranceSeconds",
  ],
  [
    "a NaN tolerance",
    () => verify({ clockToleranceSeconds: Number.NaN }),
    "ERR_OPTION_INVALID",
    "clockToleranceSeconds",
  ],
  ["a zero size cap", () => verify({ maxTokenBytes: 0 }), "ERR_OPTION_INVALID", "maxTokenBytes"],
  [
    "an unknown algorithm in the list",
    () => verify({ algorithms: ["none"] }),
    "ERR_OPTION_INVALID",
    "algorithms",
  ],
  ["an issuer that is a number", () => verify({ issuer: 5 }), "ERR_OPTION_INVALID", "issuer"],
  [
    "options that are not an object",
    () => verifyJwt(token, SECRET, null as unknown as object),
    "ERR_OPTION_INVALID",
    "options",
  ],
  [
    "an unknown secret encoding",
    () => importKey(SECRET, { alg: "HS256", secretEncoding: "rot13" as "hex" }),
    "ERR_OPTION_INVALID",
    "secretEncoding",
  ],
  ["a secret for an asymmetric algorithm", () => generateSecret("RS256"), "ERR_OPTION_INVALID", "alg"],
  ["a key pair for HMAC", () => generateKeyPair("HS256"), "ERR_OPTION_INVALID", "alg"],
  ["an algorithm name typed wrong", () => parseAlgorithm("HS999"), "ERR_OPTION_INVALID", "alg"],
  ["no key on encode", () => encode({ key: "" }), "ERR_KEY_MISSING", "key"],
  ["no key on verify", () => verifyJwt(token, ""), "ERR_KEY_MISSING", "key"],
  ["a short secret", () => encode({ key: "too-short-secret" }), "ERR_KEY_WEAK", "key"],
  [
    "a public key as a secret",
    () => importKey(keyPairFor("rsa").publicPem, { alg: "HS256" }),
    "ERR_KEY_INVALID",
    "key",
  ],
  [
    "a public key to sign",
    () => encode({ key: keyPairFor("p256").publicPem, alg: "ES256" }),
    "ERR_KEY_INVALID",
    "key",
  ],
  [
    "a JWS header alg the key does not fit",
    () => encodeJws("x", { key: SECRET, header: '{"alg":"RS256"}' }),
    "ERR_ALG_NOT_ALLOWED",
    "header",
  ],
  ["an empty payload", () => encode({}, " "), "ERR_PAYLOAD_REQUIRED", "payload"],
  ["a payload that is not JSON", () => encode({}, "{a: 1}"), "ERR_PAYLOAD_INVALID", "payload"],
];

describe("errors about a caller's option or input carry option, reason and problem", () => {
  const wording = { option: (option: string) => `[${option.toUpperCase()}]` };
  for (const [what, produce, code, option] of OPTION_ERRORS) {
    it(what, () => {
      const error = expectJwtError(produce, code);
      assert.equal(error.option, option);
      assert.ok(error.reason, "a reason");
      assert.ok(error.problem, "a problem");
      assert.ok(!error.problem.endsWith("."), error.problem);
      // A layer words the message with its own name, from the facts alone.
      const worded = describeJwtError(error, wording);
      assert.ok(worded.startsWith(`[${option.toUpperCase()}] ${error.problem}`), worded);
      if (error.fix !== undefined) assert.ok(worded.endsWith(error.fix), worded);
      assert.ok(!worded.includes(`${option} `) || option === "key", worded);
    });
  }

  it("a layer without a name for the option keeps the engine's message", () => {
    const error = expectJwtError(() => encode({ expiresInMinutes: 0 }), "ERR_OPTION_INVALID");
    assert.equal(describeJwtError(error, {}), error.message);
    assert.ok(error.message.startsWith("expiresInMinutes must be a positive number of minutes"));
  });
});

describe("claim errors carry claim, reason and problem", () => {
  const forgedIat = encode({ clock: () => (NOW_SECONDS + 600) * 1000 });
  for (const [what, produce, code, claim, reason] of [
    [
      "iss mismatch",
      () => verify({ issuer: "https://other.example" }),
      "ERR_JWT_CLAIM_INVALID",
      "iss",
      "mismatch",
    ],
    ["aud missing", () => verify({ audience: "api" }), "ERR_JWT_CLAIM_INVALID", "aud", "missing"],
    ["sub missing", () => verify({ subject: "u" }), "ERR_JWT_CLAIM_INVALID", "sub", "missing"],
    [
      "a required claim missing",
      () => verify({ requiredClaims: ["email"] }),
      "ERR_JWT_CLAIM_INVALID",
      "email",
      "missing",
    ],
    ["typ mismatch", () => verify({ typ: "at+jwt" }), "ERR_JWT_CLAIM_INVALID", "typ", "mismatch"],
    ["exp missing", () => verify({}, encode({ noExpiry: true })), "ERR_JWT_CLAIM_INVALID", "exp", "missing"],
    ["iat in the future", () => verify({}, forgedIat), "ERR_JWT_CLAIM_INVALID", "iat", "in-the-future"],
    [
      "expired",
      () => verify({ clock: () => (NOW_SECONDS + 7200) * 1000 }),
      "ERR_JWT_EXPIRED",
      "exp",
      "expired",
    ],
    [
      "payload exp of the wrong type",
      () => encode({}, { exp: "tomorrow" }),
      "ERR_JWT_CLAIM_INVALID",
      "exp",
      "type",
    ],
    [
      "payload iat in the future",
      () => encode({}, { iat: NOW_SECONDS + 60 }),
      "ERR_PAYLOAD_INVALID",
      "iat",
      "in-the-future",
    ],
  ] as const) {
    it(what, () => {
      const error = expectJwtError(produce, code, code === "ERR_JWT_EXPIRED" ? "expired" : `"${claim}"`);
      assert.equal(error.claim, claim);
      assert.equal(error.reason, reason);
      assert.ok(error.problem, "a problem");
      assert.equal(error.option, undefined);
    });
  }
});

describe("the engine knows no product, and derives no algorithm fact from its name", () => {
  const root = new URL("../../src/jwt/", import.meta.url).pathname;
  const files = readdirSync(root, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".ts"))
    .map((file) => ({ file, text: readFileSync(join(root, file), "utf8") }));

  it("names no product: no Bubble, plugin or bubble-jwt in src/jwt", () => {
    assert.ok(files.length > 20);
    const found = files
      .filter(({ text }) => /\b(bubble|plugin)\b|bubble-jwt/i.test(text))
      .map(({ file }) => file);
    assert.deepEqual(found, []);
  });

  it('reads algorithm facts from lib/algorithms.ts only (no startsWith("HS"), no slice(2))', () => {
    const found = files
      .filter(({ file }) => file !== join("lib", "algorithms.ts"))
      .filter(({ text }) => /startsWith\("(HS|RS|PS|ES)"\)|\.slice\(2\)/.test(text))
      .map(({ file }) => file);
    assert.deepEqual(found, []);
  });
});
