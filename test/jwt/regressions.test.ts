// Defects found in review (issue 7), one test each, named after the problem: each fails on the code
// before the fix.
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { describe, it } from "node:test";
import {
  decodeJwt,
  encodeJwt,
  encodeJwtDetailed,
  fixedClock,
  importKey,
  importSecret,
  JwtError,
  JwtKey,
  verifyJwt,
} from "../../src/jwt/index.js";
import { CLOCK, expectJwtError, keyPairFor, NOW_SECONDS, SECRET } from "./helpers.js";

const b64url = (value: unknown) =>
  Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");

/** A correctly signed HS256 token from raw segments (as an attacker or a sloppy issuer writes them). */
function signSegments(headerSegment: string, payloadSegment: string): string {
  const input = `${headerSegment}.${payloadSegment}`;
  return `${input}.${createHmac("sha256", SECRET).update(input).digest("base64url")}`;
}

function signClaims(payload: object): string {
  return signSegments(b64url({ alg: "HS256", typ: "JWT" }), b64url(payload));
}

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** The same bytes spelt differently: the last character with one of its unused low bits set. */
function twinSpelling(segment: string): string {
  assert.notEqual(segment.length % 4, 0, "the segment must have unused bits");
  const last = ALPHABET.indexOf(segment.at(-1) as string);
  const twin = `${segment.slice(0, -1)}${ALPHABET[last | 1]}`;
  assert.notEqual(twin, segment);
  assert.deepEqual(Buffer.from(twin, "base64url"), Buffer.from(segment, "base64url"));
  return twin;
}

/** JSON whose base64url text has unused bits (its byte length is not a multiple of 3). */
function withUnusedBits(value: Record<string, unknown>): Record<string, unknown> {
  let pad = "";
  while (Buffer.byteLength(JSON.stringify({ ...value, pad })) % 3 === 0) pad += "x";
  return { ...value, pad };
}

describe("a token could be made to live for centuries (exp counted from a payload iat)", () => {
  it("encode counts exp from the signing time and refuses a future payload iat", () => {
    const error = expectJwtError(
      () => encodeJwt({ iat: 99999999999 }, { key: SECRET, clock: CLOCK, expiresInMinutes: 60 }),
      "ERR_PAYLOAD_INVALID",
      '"iat"',
    );
    assert.equal(error.claim, "iat");
    const old = encodeJwtDetailed({ iat: NOW_SECONDS - 7200 }, { key: SECRET, clock: CLOCK });
    assert.equal(old.payload.exp, NOW_SECONDS + 3600);
  });

  it("verify refuses a token issued in the future beyond the tolerance", () => {
    const token = signClaims({ sub: "a", iat: NOW_SECONDS + 120, exp: NOW_SECONDS + 3600 });
    const error = expectJwtError(
      () => verifyJwt(token, SECRET, { clock: CLOCK }),
      "ERR_JWT_CLAIM_INVALID",
      '"iat"',
      "issued in the future",
    );
    assert.equal(error.claim, "iat");
    assert.equal(error.reason, "in-the-future");
    assert.equal(verifyJwt(token, SECRET, { clock: CLOCK, clockToleranceSeconds: 120 }).payload.sub, "a");
    expectJwtError(
      () => verifyJwt(token, SECRET, { clock: CLOCK, clockToleranceSeconds: 119 }),
      "ERR_JWT_CLAIM_INVALID",
    );
  });

  it("the year-5138 token made by the old encoder is refused", () => {
    const token = signClaims({ iat: 99999999999, exp: 99999999999 + 3600 });
    expectJwtError(() => verifyJwt(token, SECRET, { clock: CLOCK }), "ERR_JWT_CLAIM_INVALID", '"iat"');
  });
});

describe("dates out of range crashed verification with a RangeError", () => {
  for (const [claim, value] of [
    ["nbf", 1e20],
    ["exp", -1e20],
    ["iat", 1e20],
    ["exp", 8.64e12 + 1],
    ["iat", -8.64e12 - 1],
  ] as const) {
    it(`a signed token with ${claim}: ${value} is refused with a JwtError`, () => {
      const payload = { exp: NOW_SECONDS + 60, [claim]: value };
      const error = expectJwtError(
        () => verifyJwt(signClaims(payload), SECRET, { clock: CLOCK }),
        "ERR_JWT_CLAIM_INVALID",
        `"${claim}"`,
      );
      assert.equal(error.claim, claim);
      assert.equal(error.reason, "out-of-range");
    });
  }

  it("the edges of the range are still dates", () => {
    const payload = verifyJwt(signClaims({ exp: 8.64e12, nbf: -8.64e12 }), SECRET, { clock: CLOCK }).payload;
    assert.equal(payload.exp, 8.64e12);
  });

  it("encode refuses payload dates no Date holds", () => {
    for (const exp of [1e20, "100000000000000000000"]) {
      const error = expectJwtError(
        () => encodeJwtDetailed({ exp }, { key: SECRET, clock: CLOCK }),
        "ERR_PAYLOAD_INVALID",
        '"exp"',
      );
      assert.equal(error.claim, "exp");
      assert.equal(error.reason, "out-of-range");
    }
    expectJwtError(
      () => encodeJwtDetailed({ nbf: 1e20 }, { key: SECRET, clock: CLOCK }),
      "ERR_PAYLOAD_INVALID",
      '"nbf"',
    );
  });

  it("encode refuses minutes that lead outside the range", () => {
    for (const [option, minutes] of [
      ["expiresInMinutes", 1e15],
      ["notBeforeMinutes", -1e15],
      ["notBeforeMinutes", 1e300],
    ] as const) {
      const error = expectJwtError(
        () => encodeJwtDetailed({}, { key: SECRET, clock: CLOCK, [option]: minutes }),
        "ERR_OPTION_INVALID",
        option,
      );
      assert.equal(error.option, option);
      assert.equal(error.reason, "out-of-range");
    }
  });
});

describe("non-canonical base64url was accepted", () => {
  const header = b64url({ alg: "HS256", typ: "JWT" });
  const payload = b64url(withUnusedBits({ sub: "a", exp: NOW_SECONDS + 60 }));

  it("the canonical token verifies", () => {
    assert.equal(verifyJwt(signSegments(header, payload), SECRET, { clock: CLOCK }).payload.sub, "a");
  });

  it("in the payload", () => {
    const token = signSegments(header, twinSpelling(payload));
    expectJwtError(() => verifyJwt(token, SECRET, { clock: CLOCK }), "ERR_JWT_MALFORMED", "payload");
    expectJwtError(() => decodeJwt(token), "ERR_JWT_MALFORMED", "payload");
  });

  it('in the payload: the segment "AB" (one byte, also spelt "AA")', () => {
    expectJwtError(
      () => verifyJwt(signSegments(header, "AB"), SECRET, { clock: CLOCK }),
      "ERR_JWT_MALFORMED",
      "not canonical base64url",
    );
  });

  it("in the header", () => {
    const oddHeader = b64url(withUnusedBits({ alg: "HS256", typ: "JWT" }));
    assert.ok(verifyJwt(signSegments(oddHeader, payload), SECRET, { clock: CLOCK }));
    const token = signSegments(twinSpelling(oddHeader), payload);
    expectJwtError(() => verifyJwt(token, SECRET, { clock: CLOCK }), "ERR_JWT_MALFORMED", "header");
    expectJwtError(() => decodeJwt(token), "ERR_JWT_MALFORMED", "header");
  });

  it("in the signature", () => {
    const token = signSegments(header, payload);
    const [h, p, signature] = token.split(".") as [string, string, string];
    expectJwtError(
      () => verifyJwt(`${h}.${p}.${twinSpelling(signature)}`, SECRET, { clock: CLOCK }),
      "ERR_JWT_MALFORMED",
      "signature",
    );
  });
});

describe("new JwtKey(...) bypassed every check", () => {
  const Unsealed = JwtKey as unknown as new (...args: unknown[]) => JwtKey;
  const pem = keyPairFor("rsa").publicPem;

  it("cannot be called from outside the engine, whatever it is given", () => {
    const init = { kind: "secret", family: "hmac", algorithms: ["HS256"], keyObject: undefined };
    assert.throws(() => new Unsealed(init), TypeError);
    assert.throws(() => new Unsealed(Symbol("JwtKey"), init), TypeError);
    assert.throws(() => new Unsealed(pem), /importKey or importSecret/);
  });

  it("keys still come from importKey and importSecret, and instanceof still works", () => {
    const key = importKey(SECRET, { alg: "HS256" });
    assert.ok(key instanceof JwtKey);
    assert.ok(importSecret(SECRET) instanceof JwtKey);
    const token = encodeJwt({}, { key, clock: CLOCK });
    assert.equal(verifyJwt(token, key, { clock: CLOCK }).key, key);
    expectJwtError(() => importKey(pem, { alg: "HS256" }), "ERR_KEY_INVALID");
  });
});

describe("every clock is a Clock", () => {
  it("encode and verify read the same clock option", () => {
    const clock = fixedClock(Date.UTC(2031, 0, 1));
    const token = encodeJwt({}, { key: SECRET, clock });
    assert.equal(decodeJwt(token).payload.iat, Date.UTC(2031, 0, 1) / 1000);
    assert.ok(verifyJwt(token, SECRET, { clock }));
    const later = fixedClock(Date.UTC(2031, 0, 1, 2));
    const error = expectJwtError(() => verifyJwt(token, SECRET, { clock: later }), "ERR_JWT_EXPIRED");
    assert.ok(error instanceof JwtError);
  });
});
