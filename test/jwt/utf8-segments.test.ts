// A token whose header or payload bytes are not UTF-8 is malformed, even when correctly signed: a
// lenient decoder turns the bad bytes into U+FFFD, so two different signed byte strings would read as
// the same claims (and other verifiers, jose among them, refuse such a token).
import assert from "node:assert/strict";
import { sign } from "node:crypto";
import { describe, it } from "node:test";
import { decodeJwt, verifyJwt } from "../../src/jwt/index.js";
import { CLOCK, expectJwtError, keyPairFor, NOW_SECONDS } from "./helpers.js";

const rsa = keyPairFor("rsa");

/** An RS256 token over these exact header and payload bytes, signed with a real key. */
function signBytes(header: Buffer, payload: Buffer): string {
  const input = `${header.toString("base64url")}.${payload.toString("base64url")}`;
  return `${input}.${sign("sha256", Buffer.from(input), rsa.privateKey).toString("base64url")}`;
}

const json = (value: unknown) => Buffer.from(JSON.stringify(value));
/** `{"sub":"<prefix><bytes>"...}`: a text member holding raw bytes. */
const withBytes = (before: string, bytes: number[], after: string) =>
  Buffer.concat([Buffer.from(before), Buffer.from(bytes), Buffer.from(after)]);

const HEADER = json({ alg: "RS256", typ: "JWT" });
const CLAIMS_TAIL = `","iat":${NOW_SECONDS},"exp":${NOW_SECONDS + 600}}`;
/** Byte sequences that are not UTF-8: a stray continuation byte, 0xFF, a truncated sequence, an overlong "/", a surrogate. */
const INVALID: readonly number[][] = [[0x80], [0xff, 0xfe], [0xe2, 0x82], [0xc0, 0xaf], [0xed, 0xa0, 0x80]];

describe("header and payload must be UTF-8", () => {
  it("the control: the same token with valid UTF-8 verifies", () => {
    const token = signBytes(HEADER, withBytes('{"sub":"caf', [0xc3, 0xa9], CLAIMS_TAIL));
    assert.equal(verifyJwt(token, rsa.publicPem, { clock: CLOCK }).payload.sub, "café");
    assert.equal(decodeJwt(token).payload.sub, "café");
  });

  for (const bytes of INVALID) {
    const hex = bytes.map((byte) => byte.toString(16).padStart(2, "0")).join(" ");
    it(`refuses a correctly signed payload holding ${hex} (verifyJwt and decodeJwt)`, () => {
      const token = signBytes(HEADER, withBytes('{"sub":"a', bytes, CLAIMS_TAIL));
      const verified = expectJwtError(
        () => verifyJwt(token, rsa.publicPem, { clock: CLOCK }),
        "ERR_JWT_MALFORMED",
        "payload",
        "UTF-8",
      );
      assert.ok(!verified.message.includes("\uFFFD"));
      expectJwtError(() => decodeJwt(token), "ERR_JWT_MALFORMED", "payload", "UTF-8");
    });

    it(`refuses a header holding ${hex}`, () => {
      const header = withBytes('{"alg":"RS256","kid":"k', bytes, '"}');
      const token = signBytes(header, json({ sub: "a", iat: NOW_SECONDS, exp: NOW_SECONDS + 600 }));
      expectJwtError(() => verifyJwt(token, rsa.publicPem, { clock: CLOCK }), "ERR_JWT_MALFORMED", "header");
      expectJwtError(() => decodeJwt(token), "ERR_JWT_MALFORMED", "header", "UTF-8");
    });
  }
});
