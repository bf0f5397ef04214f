// The fast path's shortcuts (cached headers, canonical-signature check without re-encoding) must
// behave exactly like the slow path they replace.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  decodeJwt,
  encodeJwt,
  encodeJwtDetailed,
  fixedClock,
  generateKeyPair,
  importKey,
  verifyJwt,
} from "../../src/jwt/index.js";
import { decodeCanonicalBase64Url } from "../../src/jwt/lib/base64url.js";

const CLOCK = fixedClock(new Date("2030-01-01T00:00:00Z"));
const SECRET = "hot-path-secret-0123456789-abcdefghijklmnop";

function rejection(run: () => unknown): { code: string; message: string } {
  try {
    run();
  } catch (error) {
    const { code, message } = error as { code: string; message: string };
    return { code, message };
  }
  assert.fail("expected a JwtError");
}

describe("verify: the checked-header cache", () => {
  const key = importKey(SECRET, { alg: "HS256" });
  it("gives every caller its own header object", () => {
    const token = encodeJwt({ sub: "a" }, { key, clock: CLOCK, header: { kid: "k1" } });
    const first = verifyJwt(token, key, { clock: CLOCK });
    first.header.kid = "changed";
    const second = verifyJwt(token, key, { clock: CLOCK });
    assert.equal(second.header.kid, "k1");
    assert.notEqual(first.header, second.header);
  });
  it("does not share nested header members", () => {
    const token = encodeJwt({ sub: "a" }, { key, clock: CLOCK, header: { ext: { n: 1 } } });
    (verifyJwt(token, key, { clock: CLOCK }).header.ext as { n: number }).n = 2;
    assert.deepEqual(verifyJwt(token, key, { clock: CLOCK }).header.ext, { n: 1 });
  });
  it("still checks the signature of a token whose header was seen before", () => {
    const token = encodeJwt({ sub: "a" }, { key, clock: CLOCK });
    verifyJwt(token, key, { clock: CLOCK });
    const other = encodeJwt({ sub: "b" }, { key: `${SECRET}-other`, clock: CLOCK });
    const forged = `${token.split(".")[0]}.${other.split(".")[1]}.${other.split(".")[2]}`;
    assert.equal(rejection(() => verifyJwt(forged, key, { clock: CLOCK })).code, "ERR_JWS_SIGNATURE_INVALID");
  });
  it("refuses alg none in any case, seen many times", () => {
    const none = Buffer.from(JSON.stringify({ alg: "nOnE", typ: "JWT" })).toString("base64url");
    const body = encodeJwt({ sub: "a" }, { key, clock: CLOCK }).split(".")[1];
    for (let i = 0; i < 3; i++) {
      const { code, message } = rejection(() => verifyJwt(`${none}.${body}.`, key, { clock: CLOCK }));
      assert.equal(code, "ERR_ALG_NOT_ALLOWED");
      assert.match(message, /unsigned/);
    }
  });
});

describe("verify: canonical base64url signatures", () => {
  it("decodes exactly the spellings that re-encode to themselves", () => {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (const prefix of ["", "A", "AB", "ABC", "ABCD", "ABCDE", "ABCDEF"]) {
      for (const last of alphabet) {
        const text = prefix + last;
        const bytes = Buffer.from(text, "base64url");
        const canonical = text.length % 4 !== 1 && bytes.toString("base64url") === text;
        assert.equal(decodeCanonicalBase64Url(text) !== undefined, canonical, text);
      }
    }
  });
  it("refuses a token whose signature has non-zero unused bits", () => {
    const key = importKey(SECRET, { alg: "HS256" });
    const token = encodeJwt({ sub: "a" }, { key, clock: CLOCK });
    const last = token.at(-1) as string;
    // HS256: 43 characters, the last one carries 2 unused bits; setting one gives a second spelling.
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const twin = `${token.slice(0, -1)}${alphabet[alphabet.indexOf(last) + 1]}`;
    assert.deepEqual(
      Buffer.from(twin.split(".")[2] as string, "base64url"),
      Buffer.from(token.split(".")[2] as string, "base64url"),
    );
    assert.deepEqual(
      rejection(() => verifyJwt(twin, key, { clock: CLOCK })),
      {
        code: "ERR_JWT_MALFORMED",
        message: "The token's signature is missing or not canonical base64url.",
      },
    );
  });
});

describe("encode: the per-key header", () => {
  it("follows the algorithm when one key signs with several", () => {
    const pair = generateKeyPair("RS256");
    const key = importKey(pair.privateKeyPem);
    for (const alg of ["RS256", "PS256", "RS256"] as const) {
      const token = encodeJwt({ sub: "a" }, { key, alg, clock: CLOCK });
      assert.deepEqual(decodeJwt(token).header, { alg, typ: "JWT" });
      assert.equal(verifyJwt(token, pair.publicKeyPem, { algorithms: [alg], clock: CLOCK }).payload.sub, "a");
    }
  });
  it("carries the key's kid, and extra members when asked", () => {
    const key = importKey(SECRET, { alg: "HS256", kid: "main" });
    assert.deepEqual(decodeJwt(encodeJwt({}, { key, clock: CLOCK })).header, {
      alg: "HS256",
      typ: "JWT",
      kid: "main",
    });
    assert.deepEqual(decodeJwt(encodeJwt({}, { key, clock: CLOCK, header: { cty: "x" } })).header, {
      alg: "HS256",
      typ: "JWT",
      kid: "main",
      cty: "x",
    });
  });
  it("still reports dates and warnings in encodeJwtDetailed", () => {
    const key = importKey(SECRET, { alg: "HS256" });
    const detailed = encodeJwtDetailed({ iat: "1893456000" }, { key, clock: CLOCK, expiresInMinutes: 1 });
    assert.equal(detailed.issuedAt.toISOString(), "2030-01-01T00:00:00.000Z");
    assert.equal(detailed.expiresAt?.toISOString(), "2030-01-01T00:01:00.000Z");
    assert.deepEqual(
      detailed.warnings.map((warning) => warning.code),
      ["WARN_NUMERIC_TEXT_CONVERTED"],
    );
  });
});
