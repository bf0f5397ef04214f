// One test per item of "What a verifier must reject" (RFC 8725 and the advisories of other libraries).
import assert from "node:assert/strict";
import { createHmac, createPublicKey, createSecretKey, generateKeyPairSync } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import {
  DEFAULT_MAX_TOKEN_BYTES,
  encodeJwt,
  fixedClock,
  importKey,
  type Jwk,
  JwtError,
  type JwtErrorCode,
  type VerifyKeyInput,
  verifyJws,
  verifyJwt,
} from "../../src/jwt/index.js";
import { CLOCK, expectJwtError, keyPairFor, NOW_SECONDS, pemBody, SECRET } from "./helpers.js";

const rsa = keyPairFor("rsa");
const p256 = keyPairFor("p256");
const ed = keyPairFor("ed25519");

const b64url = (value: unknown) =>
  Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");

/** A token made by hand, as an attacker would: any header, any payload, HMAC with any bytes. */
function forge(header: object, payload: object, hmacSecret: string | Buffer, hash = "sha256"): string {
  const input = `${b64url(header)}.${b64url(payload)}`;
  return `${input}.${createHmac(hash, hmacSecret).update(input).digest("base64url")}`;
}

const claims = { sub: "admin", exp: NOW_SECONDS + 600, iat: NOW_SECONDS };

function refused(token: string, key: VerifyKeyInput, codes: JwtErrorCode[], options = {}): void {
  let caught: unknown;
  try {
    verifyJwt(token, key, { clock: CLOCK, ...options });
  } catch (error) {
    caught = error;
  }
  assert.ok(
    caught instanceof JwtError,
    `the forged token was accepted or threw a non-JwtError: ${String(caught)}`,
  );
  assert.ok(codes.includes(caught.code), `unexpected ${caught.code}: ${caught.message}`);
}

describe('1. alg "none" in any letter case', () => {
  for (const alg of ["none", "None", "NONE", "nOnE"]) {
    it(`"${alg}" is refused, with or without a signature`, () => {
      const unsigned = `${b64url({ alg, typ: "JWT" })}.${b64url(claims)}.`;
      expectJwtError(() => verifyJwt(unsigned, SECRET, { clock: CLOCK }), "ERR_ALG_NOT_ALLOWED", "unsigned");
      const withSig = `${unsigned}${b64url("sig")}`;
      expectJwtError(() => verifyJwt(withSig, SECRET, { clock: CLOCK }), "ERR_ALG_NOT_ALLOWED", "none");
      expectJwtError(() => verifyJws(withSig, SECRET), "ERR_ALG_NOT_ALLOWED", "none");
      expectJwtError(
        () => verifyJwt(unsigned, rsa.publicPem, { clock: CLOCK, algorithms: ["RS256"] }),
        "ERR_ALG_NOT_ALLOWED",
      );
    });
  }

  it("an unknown algorithm is refused too", () => {
    const token = forge({ alg: "HS1" }, claims, SECRET);
    expectJwtError(
      () => verifyJwt(token, SECRET, { clock: CLOCK }),
      "ERR_ALG_NOT_ALLOWED",
      "HS1",
      "not supported",
    );
  });
});

describe("2. algorithm confusion: a public key is never an HMAC secret", () => {
  const publicJwk = rsa.publicKey.export({ format: "jwk" }) as Jwk;
  const ecJwk = p256.publicKey.export({ format: "jwk" }) as Jwk;
  // The verifier's configured key, and the exact text an attacker would use as the HMAC secret.
  const cases: Record<string, { key: VerifyKeyInput; text: string }> = {
    "RSA SPKI PEM": { key: rsa.publicPem, text: rsa.publicPem },
    "RSA PEM without its final newline": { key: rsa.publicPem.trim(), text: rsa.publicPem.trim() },
    "RSA PEM with CR LF": {
      key: rsa.publicPem.replace(/\n/g, "\r\n"),
      text: rsa.publicPem.replace(/\n/g, "\r\n"),
    },
    "RSA PEM with leading whitespace": { key: `  \n\t${rsa.publicPem}`, text: `  \n\t${rsa.publicPem}` },
    "RSA PEM with a text prefix": {
      key: `public key: ${rsa.publicPem}`,
      text: `public key: ${rsa.publicPem}`,
    },
    "RSA PEM in quotes": { key: `"${rsa.publicPem}"`, text: `"${rsa.publicPem}"` },
    'RSA PEM with literal "\\n"': {
      key: rsa.publicPem.replace(/\n/g, "\\n"),
      text: rsa.publicPem.replace(/\n/g, "\\n"),
    },
    "RSA PEM base64-wrapped": {
      key: Buffer.from(rsa.publicPem).toString("base64"),
      text: Buffer.from(rsa.publicPem).toString("base64"),
    },
    "RSA PKCS#1 PEM": {
      key: rsa.publicKey.export({ format: "pem", type: "pkcs1" }).toString(),
      text: rsa.publicKey.export({ format: "pem", type: "pkcs1" }).toString(),
    },
    "EC PEM": { key: p256.publicPem, text: p256.publicPem },
    "Ed25519 PEM": { key: ed.publicPem, text: ed.publicPem },
    "RSA JWK JSON text": { key: JSON.stringify(publicJwk), text: JSON.stringify(publicJwk) },
    "EC JWK object (attacker uses its JSON)": { key: ecJwk, text: JSON.stringify(ecJwk) },
    "JWKS JSON text": {
      key: JSON.stringify({ keys: [publicJwk] }),
      text: JSON.stringify({ keys: [publicJwk] }),
    },
    "KeyObject public key (attacker uses its PEM)": { key: rsa.publicKey, text: rsa.publicPem },
    "public key as PEM bytes": { key: Buffer.from(rsa.publicPem), text: rsa.publicPem },
    "JwtKey from the PEM": { key: importKey(rsa.publicPem), text: rsa.publicPem },
    "RSA DER body without armour": { key: pemBody(rsa.publicPem), text: pemBody(rsa.publicPem) },
    "EC DER body without armour": { key: pemBody(p256.publicPem), text: pemBody(p256.publicPem) },
    "public key PEM in a list (rotation form)": { key: [rsa.publicPem], text: rsa.publicPem },
  };

  for (const [name, { key, text }] of Object.entries(cases)) {
    it(`${name}: an HS256 token signed with the key's text is refused`, () => {
      for (const [alg, hash] of [
        ["HS256", "sha256"],
        ["HS384", "sha384"],
        ["HS512", "sha512"],
      ] as const) {
        const token = forge({ alg, typ: "JWT" }, claims, text, hash);
        refused(token, key, ["ERR_ALG_NOT_ALLOWED", "ERR_KEY_INVALID"]);
        refused(token, key, ["ERR_ALG_NOT_ALLOWED", "ERR_KEY_INVALID"], { algorithms: [alg, "RS256"] });
      }
    });
  }

  it("a secret KeyObject holding a public key's PEM is refused", () => {
    const token = forge({ alg: "HS256" }, claims, rsa.publicPem);
    refused(token, createSecretKey(Buffer.from(rsa.publicPem)), ["ERR_KEY_INVALID"]);
    expectJwtError(
      () => importKey(createSecretKey(Buffer.from(rsa.publicPem))),
      "ERR_KEY_INVALID",
      "confusion",
    );
    const der = rsa.publicKey.export({ format: "der", type: "spki" });
    expectJwtError(() => importKey(createSecretKey(der), { alg: "HS256" }), "ERR_KEY_INVALID", "confusion");
  });

  it("importKey refuses every key look-alike as an HMAC secret, whatever the encoding", () => {
    const der = rsa.publicKey.export({ format: "der", type: "spki" });
    const inputs: [string | Buffer, Parameters<typeof importKey>[1]][] = [
      [rsa.publicPem, { alg: "HS256" }],
      [rsa.privatePem, { alg: "HS512" }],
      [`prefix ${rsa.publicPem}`, { alg: "HS256" }],
      [rsa.publicPem.replace(/\n/g, "\\n"), { alg: "HS256" }],
      [Buffer.from(rsa.publicPem).toString("base64"), { alg: "HS256" }],
      [Buffer.from(rsa.publicPem).toString("base64"), { alg: "HS256", secretEncoding: "base64" }],
      [Buffer.from(rsa.publicPem).toString("hex"), { alg: "HS256", secretEncoding: "hex" }],
      [der.toString("base64"), { alg: "HS256" }],
      [der.toString("base64"), { alg: "HS256", secretEncoding: "base64" }],
      [der.toString("base64url"), { alg: "HS256", secretEncoding: "base64url" }],
      [der.toString("hex"), { alg: "HS256", secretEncoding: "hex" }],
      [(der.toString("base64").match(/.{1,64}/g) ?? []).join("\\n"), { alg: "HS256" }],
      [`"${der.toString("base64")}"`, { alg: "HS256" }],
      [Buffer.from(rsa.publicPem), { alg: "HS256" }],
      [der, { alg: "HS256" }],
      [JSON.stringify(publicJwk), { alg: "HS256" }],
      [`'${JSON.stringify(ecJwk)}'`, { alg: "HS256" }],
      [
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl me@host",
        { alg: "HS256" },
      ],
    ];
    for (const [input, options] of inputs) {
      expectJwtError(() => importKey(input, options), "ERR_KEY_INVALID", /confusion/);
    }
  });

  it("encodeJwt refuses to sign HS256 with a public or private key", () => {
    expectJwtError(() => encodeJwt(claims, { key: rsa.privatePem }), "ERR_KEY_INVALID", "confusion");
    expectJwtError(
      () => encodeJwt(claims, { key: Buffer.from(rsa.publicPem) }),
      "ERR_KEY_INVALID",
      "confusion",
    );
    expectJwtError(
      () => encodeJwt(claims, { key: rsa.privateKey, alg: "HS256" }),
      "ERR_KEY_INVALID",
      "confusion",
    );
  });

  it("an RS256 token cannot be checked with an HMAC secret, nor with the wrong family", () => {
    const rs = encodeJwt(claims, { key: rsa.privatePem, alg: "RS256", clock: CLOCK });
    expectJwtError(() => verifyJwt(rs, SECRET, { clock: CLOCK }), "ERR_ALG_NOT_ALLOWED", "RS256");
    expectJwtError(() => verifyJwt(rs, p256.publicPem, { clock: CLOCK }), "ERR_ALG_NOT_ALLOWED", "ES256");
    const es = encodeJwt(claims, { key: p256.privatePem, alg: "ES256", clock: CLOCK });
    expectJwtError(
      () => verifyJwt(es, createPublicKey(rsa.publicPem), { clock: CLOCK }),
      "ERR_ALG_NOT_ALLOWED",
    );
  });
});

describe("3. weak and empty secrets", () => {
  const token = encodeJwt(claims, { key: "short", allowWeakKey: true, clock: CLOCK });

  it("an empty secret is refused", () => {
    expectJwtError(() => verifyJwt(token, "", { clock: CLOCK }), "ERR_KEY_MISSING");
    expectJwtError(() => verifyJwt(token, "   ", { clock: CLOCK }), "ERR_KEY_MISSING", "empty");
    expectJwtError(() => verifyJwt(token, Buffer.alloc(0), { clock: CLOCK }), "ERR_KEY_MISSING");
    expectJwtError(() => encodeJwt(claims, { key: "" }), "ERR_KEY_MISSING", "key is missing");
  });

  it("a short secret is refused on verify, with lengths and a fix", () => {
    const error = expectJwtError(
      () => verifyJwt(token, "short", { clock: CLOCK }),
      "ERR_KEY_WEAK",
      "5 bytes",
      "32",
      "generateSecret",
    );
    assert.equal(error.option, "key");
    assert.equal(error.problem, "is 5 bytes long; HS256 needs at least 32 bytes (RFC 7518 section 3.2)");
    assert.equal(verifyJwt(token, "short", { clock: CLOCK, allowWeakKey: true }).payload.sub, "admin");
  });

  it("an empty HMAC signature never matches", () => {
    const [h, p] = token.split(".");
    expectJwtError(() => verifyJwt(`${h}.${p}.`, SECRET, { clock: CLOCK }), "ERR_JWT_MALFORMED", "signature");
  });
});

describe("4. kid is an exact lookup in a known key set", () => {
  const a = importKey(`${SECRET}-a`, { alg: "HS256", kid: "a" });
  const b = importKey(`${SECRET}-b`, { alg: "HS256", kid: "b" });

  for (const kid of ["c", "../a", "a ", "A", "a/../a", "a?x=1", "*", ""]) {
    it(`kid ${JSON.stringify(kid)} finds no key`, () => {
      const token = encodeJwt(claims, { key: a, header: { kid }, clock: CLOCK });
      expectJwtError(() => verifyJwt(token, [a, b], { clock: CLOCK }), "ERR_KID_UNKNOWN", "kid");
    });
  }

  it("a one-key JWKS still checks kid", () => {
    const jwk = { ...(p256.publicKey.export({ format: "jwk" }) as Jwk), kid: "k1" };
    const token = encodeJwt(claims, {
      key: p256.privatePem,
      alg: "ES256",
      header: { kid: "k2" },
      clock: CLOCK,
    });
    expectJwtError(() => verifyJwt(token, { keys: [jwk] }, { clock: CLOCK }), "ERR_KID_UNKNOWN", '"k2"');
  });

  it("a very long kid is shortened in the message", () => {
    const kid = "k".repeat(500);
    const token = encodeJwt(claims, { key: a, header: { kid }, clock: CLOCK });
    const error = expectJwtError(() => verifyJwt(token, [a, b], { clock: CLOCK }), "ERR_KID_UNKNOWN");
    assert.ok(!error.message.includes(kid));
  });
});

describe("5. jku, x5u, jwk and x5c never choose the key", () => {
  // The attacker has their own P-256 key, the same algorithm as the verifier's: only the signature differs.
  const attacker = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const attackerJwk = attacker.publicKey.export({ format: "jwk" }) as Jwk;
  const attackerPem = attacker.publicKey.export({ format: "pem", type: "spki" }).toString();
  const headers: Record<string, Record<string, unknown>> = {
    jwk: { jwk: attackerJwk },
    jku: { jku: "http://127.0.0.1:9/jwks.json" },
    x5u: { x5u: "http://127.0.0.1:9/cert.pem" },
    x5c: { x5c: [pemBody(attackerPem)] },
    "all four": {
      jwk: attackerJwk,
      jku: "http://127.0.0.1:9/",
      x5u: "http://127.0.0.1:9/",
      x5c: [pemBody(attackerPem)],
    },
  };
  for (const [name, extra] of Object.entries(headers)) {
    it(`a token carrying the attacker's key in ${name} fails against the configured key`, () => {
      const token = encodeJwt(claims, {
        key: attacker.privateKey,
        alg: "ES256",
        header: extra,
        clock: CLOCK,
      });
      expectJwtError(() => verifyJwt(token, p256.publicPem, { clock: CLOCK }), "ERR_JWS_SIGNATURE_INVALID");
      expectJwtError(
        () => verifyJwt(token, { keys: [p256.publicKey.export({ format: "jwk" }) as Jwk] }, { clock: CLOCK }),
        "ERR_JWS_SIGNATURE_INVALID",
      );
      // The header really held the attacker's key, which would have verified it.
      assert.equal(verifyJwt(token, attackerJwk, { clock: CLOCK }).payload.sub, "admin");
    });
  }
});

describe("6. crit and b64", () => {
  it("an unknown crit extension is refused", () => {
    for (const crit of [["exp"], ["http://example.com/ext"], "b64", []]) {
      const token = forge({ alg: "HS256", crit, "http://example.com/ext": true }, claims, SECRET);
      expectJwtError(() => verifyJwt(token, SECRET, { clock: CLOCK }), "ERR_JWT_MALFORMED", "crit");
    }
  });

  it("b64: false (and b64 at all) is refused in a JWT and a JWS", () => {
    const token = forge({ alg: "HS256", b64: false, crit: ["b64"] }, claims, SECRET);
    expectJwtError(() => verifyJwt(token, SECRET, { clock: CLOCK }), "ERR_JWT_MALFORMED", "b64");
    expectJwtError(() => verifyJws(token, SECRET), "ERR_JWT_MALFORMED", "b64");
    const alone = forge({ alg: "HS256", b64: false }, claims, SECRET);
    expectJwtError(() => verifyJwt(alone, SECRET, { clock: CLOCK }), "ERR_JWT_MALFORMED", "b64");
  });

  it("encodeJwt does not let a caller set crit or b64", () => {
    expectJwtError(
      () => encodeJwt(claims, { key: SECRET, header: { crit: ["x"] } }),
      "ERR_OPTION_INVALID",
      "crit",
    );
    expectJwtError(
      () => encodeJwt(claims, { key: SECRET, header: { b64: false } }),
      "ERR_OPTION_INVALID",
      "b64",
    );
    expectJwtError(
      () => encodeJwt(claims, { key: SECRET, header: { alg: "none" } }),
      "ERR_OPTION_INVALID",
      "alg",
    );
  });
});

describe("7. malformed structure", () => {
  const good = encodeJwt(claims, { key: SECRET, clock: CLOCK });
  const [h, p, s] = good.split(".") as [string, string, string];
  verifyJwt(good, SECRET, { clock: CLOCK });

  it("not three parts", () => {
    for (const token of [
      h,
      `${h}.${p}`,
      `${h}.${p}.${s}.`,
      `${h}.${p}.${s}.${s}`,
      `${h}.${p}.${s}.x.y`,
      "..",
      ".",
    ]) {
      expectJwtError(() => verifyJwt(token, SECRET, { clock: CLOCK }), "ERR_JWT_MALFORMED");
    }
    expectJwtError(() => verifyJwt(`${h}.${p}.${s}.x.y`, SECRET), "ERR_JWT_MALFORMED", "Five parts", "JWE");
    expectJwtError(() => verifyJwt(`${h}.${p}`, SECRET), "ERR_JWT_MALFORMED", "2 parts", "3");
  });

  it("characters outside the base64url alphabet, in each part", () => {
    for (const bad of ["+", "/", " ", "!", "\n", "é"]) {
      expectJwtError(() => verifyJwt(`${h}${bad}.${p}.${s}`, SECRET, { clock: CLOCK }), "ERR_JWT_MALFORMED");
      expectJwtError(() => verifyJwt(`${h}.${p}${bad}.${s}`, SECRET, { clock: CLOCK }), "ERR_JWT_MALFORMED");
      expectJwtError(() => verifyJwt(`${h}.${p}.${s}${bad}`, SECRET, { clock: CLOCK }), "ERR_JWT_MALFORMED");
    }
  });

  it("padding '='", () => {
    expectJwtError(
      () => verifyJwt(`${h}=.${p}.${s}`, SECRET, { clock: CLOCK }),
      "ERR_JWT_MALFORMED",
      "padding",
    );
    expectJwtError(() => verifyJwt(`${h}.${p}.${s}=`, SECRET, { clock: CLOCK }), "ERR_JWT_MALFORMED");
    const padded = `${h}.${p}.${Buffer.from(s, "base64url").toString("base64")}`;
    assert.notEqual(padded, good);
    expectJwtError(() => verifyJwt(padded, SECRET, { clock: CLOCK }), "ERR_JWT_MALFORMED");
  });

  it("a non-canonical signature spelling (unused low bits set) is refused", () => {
    const last = s.at(-1) as string;
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const sibling = alphabet[alphabet.indexOf(last) ^ 1] as string; // 43 chars: the last one has 2 unused bits
    const token = `${h}.${p}.${s.slice(0, -1)}${sibling}`;
    assert.deepEqual(Buffer.from(s, "base64url"), Buffer.from(`${s.slice(0, -1)}${sibling}`, "base64url"));
    expectJwtError(() => verifyJwt(token, SECRET, { clock: CLOCK }), "ERR_JWT_MALFORMED", "canonical");
  });

  it("a header or payload that is not a JSON object", () => {
    for (const value of ["[]", '"text"', "42", "null", "true", "{", "", "{}x"]) {
      const asHeader = `${b64url(value)}.${p}.${s}`;
      expectJwtError(() => verifyJwt(asHeader, SECRET, { clock: CLOCK }), "ERR_JWT_MALFORMED", "header");
      const asPayload = forge({ alg: "HS256" }, {}, SECRET).split(".");
      const input = `${asPayload[0]}.${b64url(value)}`;
      const token = `${input}.${createHmac("sha256", SECRET).update(input).digest("base64url")}`;
      expectJwtError(() => verifyJwt(token, SECRET, { clock: CLOCK }), "ERR_JWT_MALFORMED", "payload");
    }
  });

  it("trailing data after the signature", () => {
    for (const tail of ["AA", ".", " ", "\n", "%00", "=="]) {
      expectJwtError(() => verifyJwt(`${good}${tail}`, SECRET, { clock: CLOCK }), "ERR_JWT_MALFORMED");
    }
    // One more base64url character is a different (33-byte) signature: it simply does not match.
    expectJwtError(() => verifyJwt(`${good}x`, SECRET, { clock: CLOCK }), "ERR_JWS_SIGNATURE_INVALID");
    expectJwtError(() => verifyJwt(` ${good}`, SECRET, { clock: CLOCK }), "ERR_JWT_MALFORMED");
  });

  it("a token that is not a string", () => {
    for (const value of [undefined, null, 42, {}, ["a.b.c"]]) {
      expectJwtError(
        () => verifyJwt(value as unknown as string, SECRET, { clock: CLOCK }),
        "ERR_JWT_MALFORMED",
      );
    }
  });
});

describe("8. oversized tokens", () => {
  it(`the default cap (${DEFAULT_MAX_TOKEN_BYTES}) applies before decoding`, () => {
    assert.equal(DEFAULT_MAX_TOKEN_BYTES, 8192);
    const huge = `${"A".repeat(DEFAULT_MAX_TOKEN_BYTES)}.x.y`;
    expectJwtError(() => verifyJwt(huge, SECRET), "ERR_TOKEN_TOO_LARGE", "8192", "maxTokenBytes");
    const big = encodeJwt({ data: "x".repeat(9000) }, { key: SECRET, clock: CLOCK });
    expectJwtError(() => verifyJwt(big, SECRET, { clock: CLOCK }), "ERR_TOKEN_TOO_LARGE");
    assert.equal(
      verifyJwt(big, SECRET, { clock: CLOCK, maxTokenBytes: 20_000 }).payload.data,
      "x".repeat(9000),
    );
  });

  it("a lower cap is honoured, and an invalid cap is refused", () => {
    const token = encodeJwt(claims, { key: SECRET, clock: CLOCK });
    expectJwtError(
      () => verifyJwt(token, SECRET, { clock: CLOCK, maxTokenBytes: 50 }),
      "ERR_TOKEN_TOO_LARGE",
      "50",
    );
    for (const bad of [Number.NaN, -1, 0, "100" as unknown as number]) {
      expectJwtError(
        () => verifyJwt(token, SECRET, { clock: CLOCK, maxTokenBytes: bad }),
        "ERR_OPTION_INVALID",
        "maxTokenBytes",
      );
    }
  });
});

describe("9. exp and nbf with a clock tolerance", () => {
  const exp = NOW_SECONDS;
  const token = encodeJwt(
    { nbf: NOW_SECONDS + 100 },
    { key: SECRET, clock: fixedClock(new Date((NOW_SECONDS - 60) * 1000)), noExpiry: true },
  );
  const expiring = encodeJwt(
    { exp },
    { key: SECRET, clock: fixedClock(new Date((NOW_SECONDS - 60) * 1000)) },
  );
  const at = (seconds: number) => fixedClock(seconds * 1000);

  it("exp in the past is refused; at exp exactly too", () => {
    expectJwtError(
      () => verifyJwt(expiring, SECRET, { clock: at(exp) }),
      "ERR_JWT_EXPIRED",
      "expired at",
      "2026-01-01",
    );
    expectJwtError(() => verifyJwt(expiring, SECRET, { clock: at(exp + 1) }), "ERR_JWT_EXPIRED");
    assert.equal(verifyJwt(expiring, SECRET, { clock: at(exp - 1) }).payload.exp, exp);
  });

  it("within the tolerance exp passes; beyond it fails", () => {
    assert.ok(verifyJwt(expiring, SECRET, { clock: at(exp + 29), clockToleranceSeconds: 30 }));
    expectJwtError(
      () => verifyJwt(expiring, SECRET, { clock: at(exp + 30), clockToleranceSeconds: 30 }),
      "ERR_JWT_EXPIRED",
    );
    const error = expectJwtError(
      () => verifyJwt(expiring, SECRET, { clock: at(exp + 31), clockToleranceSeconds: 30 }),
      "ERR_JWT_EXPIRED",
    );
    assert.equal(error.claim, "exp");
    assert.equal(error.date?.getTime(), exp * 1000);
  });

  it("nbf in the future fails; within the tolerance passes", () => {
    const nbf = NOW_SECONDS + 100;
    const options = { requireExpiry: false };
    expectJwtError(
      () => verifyJwt(token, SECRET, { ...options, clock: at(nbf - 1) }),
      "ERR_JWT_NOT_YET_VALID",
      "not valid before",
    );
    assert.ok(verifyJwt(token, SECRET, { ...options, clock: at(nbf) }));
    assert.ok(verifyJwt(token, SECRET, { ...options, clock: at(nbf - 10), clockToleranceSeconds: 10 }));
    expectJwtError(
      () => verifyJwt(token, SECRET, { ...options, clock: at(nbf - 11), clockToleranceSeconds: 10 }),
      "ERR_JWT_NOT_YET_VALID",
    );
  });

  it("a token without exp is refused unless requireExpiry is false", () => {
    expectJwtError(
      () => verifyJwt(token, SECRET, { clock: at(NOW_SECONDS + 200) }),
      "ERR_JWT_CLAIM_INVALID",
      '"exp"',
    );
  });

  it("exp, nbf, iat that are not numbers are refused", () => {
    for (const claim of ["exp", "nbf", "iat"]) {
      for (const value of ["1767225600", null, [1], { n: 1 }, true]) {
        const forged = forge({ alg: "HS256" }, { exp: NOW_SECONDS + 60, [claim]: value }, SECRET);
        const error = expectJwtError(
          () => verifyJwt(forged, SECRET, { clock: CLOCK }),
          "ERR_JWT_CLAIM_INVALID",
          claim,
        );
        assert.equal(error.claim, claim);
      }
    }
  });

  it("an invalid clock tolerance, clock or maxAgeSeconds is refused, never ignored", () => {
    for (const bad of [Number.NaN, -5, Number.POSITIVE_INFINITY, "30" as unknown as number]) {
      expectJwtError(
        () => verifyJwt(expiring, SECRET, { clock: at(exp + 3600), clockToleranceSeconds: bad }),
        "ERR_OPTION_INVALID",
        "clockToleranceSeconds",
      );
      expectJwtError(
        () => verifyJwt(expiring, SECRET, { clock: at(exp - 1), maxAgeSeconds: bad }),
        "ERR_OPTION_INVALID",
        "maxAgeSeconds",
      );
    }
    expectJwtError(
      () => verifyJwt(expiring, SECRET, { clock: fixedClock(new Date(Number.NaN)) }),
      "ERR_OPTION_INVALID",
      "clock must return milliseconds",
    );
    const error = expectJwtError(
      () => verifyJwt(expiring, SECRET, { clock: 1767225600000 as unknown as () => number }),
      "ERR_OPTION_INVALID",
      "clock must be a function",
    );
    assert.equal(error.option, "clock");
  });

  it("maxAgeSeconds refuses old tokens", () => {
    const fresh = encodeJwt({}, { key: SECRET, clock: CLOCK });
    assert.ok(verifyJwt(fresh, SECRET, { clock: at(NOW_SECONDS + 60), maxAgeSeconds: 60 }));
    const error = expectJwtError(
      () => verifyJwt(fresh, SECRET, { clock: at(NOW_SECONDS + 61), maxAgeSeconds: 60 }),
      "ERR_JWT_EXPIRED",
      "60 s",
    );
    assert.equal(error.claim, "iat");
  });
});

describe("10. expected iss, aud, sub, typ", () => {
  const token = encodeJwt(
    {},
    {
      key: SECRET,
      clock: CLOCK,
      issuer: "https://issuer.example",
      audience: ["api", "web"],
      subject: "user-1",
    },
  );
  const check = (options: object) => verifyJwt(token, SECRET, { clock: CLOCK, ...options });

  it("matching values pass", () => {
    assert.ok(check({ issuer: "https://issuer.example", audience: "web", subject: "user-1", typ: "JWT" }));
    assert.ok(
      check({ issuer: ["other", "https://issuer.example"], audience: ["x", "api"], typ: "application/jwt" }),
    );
  });

  for (const [claim, options, part] of [
    ["iss", { issuer: "https://evil.example" }, "https://evil.example"],
    ["aud", { audience: "admin" }, '"admin"'],
    ["aud", { audience: ["admin", "root"] }, '"root"'],
    ["sub", { subject: "user-2" }, '"user-2"'],
    ["typ", { typ: "at+jwt" }, '"at+jwt"'],
  ] as const) {
    it(`a wrong ${claim} is refused with the claim named`, () => {
      const error = expectJwtError(() => check(options), "ERR_JWT_CLAIM_INVALID", claim, part);
      assert.equal(error.claim, claim);
      assert.equal(error.reason, "mismatch");
    });
  }

  it("a missing expected claim is refused as missing", () => {
    const bare = encodeJwt({}, { key: SECRET, clock: CLOCK });
    for (const [options, claim] of [
      [{ issuer: "x" }, "iss"],
      [{ audience: "x" }, "aud"],
      [{ subject: "x" }, "sub"],
      [{ requiredClaims: ["email"] }, "email"],
    ] as const) {
      const error = expectJwtError(
        () => verifyJwt(bare, SECRET, { clock: CLOCK, ...options }),
        "ERR_JWT_CLAIM_INVALID",
        claim,
      );
      assert.equal(error.reason, "missing");
    }
    const noTyp = forge({ alg: "HS256" }, claims, SECRET);
    expectJwtError(
      () => verifyJwt(noTyp, SECRET, { clock: CLOCK, typ: "JWT" }),
      "ERR_JWT_CLAIM_INVALID",
      "typ",
      "missing",
    );
  });

  it("expectations of the wrong type are refused as options, never crash", () => {
    for (const [name, value] of [
      ["issuer", 5],
      ["issuer", []],
      ["audience", { aud: "api" }],
      ["audience", [1]],
      ["subject", ["user-1"]],
      ["typ", 1],
      ["requiredClaims", "email"],
    ] as const) {
      const error = expectJwtError(() => check({ [name]: value }), "ERR_OPTION_INVALID", name);
      assert.equal(error.option, name);
      assert.equal(error.reason, "type");
      assert.ok(error.message.startsWith(`${name} ${error.problem}`), error.message);
    }
    expectJwtError(
      () => verifyJwt(token, SECRET, null as unknown as object),
      "ERR_OPTION_INVALID",
      "options",
    );
  });

  it("a kid with line breaks is quoted safely in the message", () => {
    const a = importKey(SECRET, { alg: "HS256", kid: "a" });
    const forged = encodeJwt({}, { key: a, header: { kid: "x\nFAKE LOG LINE" }, clock: CLOCK });
    const error = expectJwtError(() => verifyJwt(forged, [a], { clock: CLOCK }), "ERR_KID_UNKNOWN");
    assert.ok(!error.message.includes("\n"));
  });

  it("an aud that is not text never matches", () => {
    const forged = forge({ alg: "HS256" }, { ...claims, aud: [["api"]] }, SECRET);
    expectJwtError(
      () => verifyJwt(forged, SECRET, { clock: CLOCK, audience: "api" }),
      "ERR_JWT_CLAIM_INVALID",
      "aud",
    );
  });
});

describe("11. constant-time signature comparison", () => {
  it("the HMAC check uses crypto.timingSafeEqual, never === on signatures", () => {
    const source = readFileSync(new URL("../../src/jwt/lib/signature.ts", import.meta.url), "utf8");
    assert.match(source, /timingSafeEqual\(/);
    assert.doesNotMatch(source, /(expected|signature)\s*(===|==|!==)\s*(expected|signature)\b/);
    assert.doesNotMatch(source, /\.equals\(/);
  });

  it("signatures of the wrong length, or differing in one bit, fail without throwing anything else", () => {
    const token = encodeJwt(claims, { key: SECRET, clock: CLOCK });
    const [h, p, s] = token.split(".") as [string, string, string];
    const bytes = Buffer.from(s, "base64url");
    const variants = [
      bytes.subarray(0, 31),
      Buffer.concat([bytes, Buffer.from([0])]),
      bytes.subarray(0, 1),
      Buffer.alloc(64),
      Buffer.from(bytes.map((byte, index) => (index === 31 ? byte ^ 1 : byte))),
      Buffer.from(bytes.map((byte, index) => (index === 0 ? byte ^ 128 : byte))),
    ];
    for (const variant of variants) {
      expectJwtError(
        () => verifyJwt(`${h}.${p}.${variant.toString("base64url")}`, SECRET, { clock: CLOCK }),
        "ERR_JWS_SIGNATURE_INVALID",
        "does not match",
      );
    }
  });
});
