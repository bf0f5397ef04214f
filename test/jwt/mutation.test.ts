// Thousands of seeded random mutations of valid tokens: none may verify, and every failure is a
// JwtError with a known code (never a TypeError, a RangeError or a crash).
import assert from "node:assert/strict";
import { createHmac, generateKeyPairSync } from "node:crypto";
import { describe, it } from "node:test";
import {
  type Algorithm,
  decodeJwt,
  encodeJwt,
  fixedClock,
  importKey,
  JWT_ERROR_CODES,
  JwtError,
  type JwtKey,
  verifyJws,
  verifyJwt,
} from "../../src/jwt/index.js";
import { createRandom, pick, randomClaims, randomInt, randomText } from "./random.js";

const MUTATIONS_PER_ALG = 800;
const CLOCK = fixedClock(new Date("2026-01-01T00:00:00Z"));

const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
const ec = generateKeyPairSync("ec", { namedCurve: "P-256" });
const ed = generateKeyPairSync("ed25519");
const publicPems = [rsa, ec, ed].map((pair) =>
  pair.publicKey.export({ format: "pem", type: "spki" }).toString(),
);

const signers: Record<string, JwtKey> = {
  HS256: importKey("mutation-test-secret-that-is-32-bytes-or-more", { alg: "HS256", kid: "hs" }),
  RS256: importKey(rsa.privateKey, { alg: "RS256", kid: "rs" }),
  ES256: importKey(ec.privateKey, { alg: "ES256", kid: "es" }),
  EdDSA: importKey(ed.privateKey, { alg: "EdDSA", kid: "ed" }),
};

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const unb64 = (segment: string): unknown => {
  try {
    return JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));
  } catch {
    return {};
  }
};

const HEADER_REWRITES: ((header: Record<string, unknown>, random: () => number) => void)[] = [
  (h, r) => {
    h.alg = pick(r, ["none", "None", "NONE", "nOnE", "", null, 1, ["HS256"]]);
  },
  (h, r) => {
    h.alg = pick(r, [
      "HS256",
      "HS384",
      "HS512",
      "RS256",
      "PS256",
      "ES256",
      "ES512",
      "EdDSA",
      "Ed25519",
      "hs256",
    ]);
  },
  (h, r) => {
    h.kid = pick(r, [
      "hs",
      "rs",
      "es",
      "ed",
      "",
      "../../etc/passwd",
      "x".repeat(300),
      1,
      null,
      { a: 1 },
      ["rs"],
    ]);
  },
  (h, r) => {
    h.crit = pick(r, [["exp"], ["b64"], [], "b64", [1], null]);
  },
  (h, r) => {
    h.b64 = pick(r, [false, true, "false"]);
  },
  (h) => {
    h.jwk = ec.publicKey.export({ format: "jwk" });
  },
  (h, r) => {
    h.jku = pick(r, ["http://127.0.0.1:9/", "file:///etc/passwd"]);
    h.x5u = "http://127.0.0.1:9/";
  },
  (h, r) => {
    h.typ = randomText(r, 8);
    // An own "__proto__" member, as JSON.parse would make it.
    Object.defineProperty(h, "__proto__", { value: { alg: "none" }, enumerable: true });
  },
  (h) => {
    delete h.alg;
  },
];

/** One mutation of a three-part token; may be applied several times. */
function mutate(token: string, random: () => number): string {
  const parts = token.split(".");
  const kind = randomInt(random, 12);
  switch (kind) {
    case 0: {
      // Flip one bit of one character (may leave the base64url alphabet).
      const index = randomInt(random, token.length);
      const code = token.charCodeAt(index) ^ (1 << randomInt(random, 7));
      return `${token.slice(0, index)}${String.fromCharCode(code)}${token.slice(index + 1)}`;
    }
    case 1: {
      const index = randomInt(random, token.length);
      return `${token.slice(0, index)}${token.slice(index + 1)}`;
    }
    case 2: {
      const index = randomInt(random, token.length + 1);
      const char = pick(random, [..."Aa0-_.=+/ \n%é\u0000"]);
      return `${token.slice(0, index)}${char}${token.slice(index)}`;
    }
    case 3:
      parts.splice(randomInt(random, parts.length), 1);
      return parts.join(".");
    case 4: {
      const a = randomInt(random, parts.length);
      const b = randomInt(random, parts.length);
      [parts[a], parts[b]] = [parts[b] as string, parts[a] as string];
      return parts.join(".");
    }
    case 5: {
      const index = randomInt(random, parts.length);
      parts.splice(index, 0, parts[index] as string);
      return parts.join(".");
    }
    case 6:
    case 7: {
      // Rewrite the header, keep payload and signature.
      const header = { ...(unb64(parts[0] as string) as Record<string, unknown>) };
      pick(random, HEADER_REWRITES)(header, random);
      parts[0] = b64(header);
      return parts.join(".");
    }
    case 8: {
      // Rewrite the header and re-sign as an attacker: HMAC keyed with a public key's PEM text.
      const header = { ...(unb64(parts[0] as string) as Record<string, unknown>) };
      const alg = pick(random, ["HS256", "HS384", "HS512"]);
      header.alg = alg;
      if (random() < 0.5) pick(random, HEADER_REWRITES)(header, random);
      const input = `${b64(header)}.${parts[1]}`;
      const pem = pick(random, publicPems);
      const secret = random() < 0.5 ? pem : pem.trim();
      return `${input}.${createHmac(`sha${alg.slice(2)}`, secret)
        .update(input)
        .digest("base64url")}`;
    }
    case 9: {
      // Change the claims, keep the signature.
      const payload = { ...(unb64(parts[1] as string) as Record<string, unknown>), ...randomClaims(random) };
      payload.admin = true;
      parts[1] = b64(payload);
      return parts.join(".");
    }
    case 10:
      return token.slice(0, randomInt(random, token.length));
    default: {
      // Replace the signature with another token's, or with random bytes.
      const length = randomInt(random, 140);
      parts[2] = Buffer.from(Array.from({ length }, () => randomInt(random, 256))).toString("base64url");
      return parts.join(".");
    }
  }
}

function expectRefused(action: () => unknown, token: string): void {
  try {
    action();
  } catch (error) {
    assert.ok(error instanceof JwtError, `not a JwtError for ${JSON.stringify(token)}: ${String(error)}`);
    assert.ok(Object.hasOwn(JWT_ERROR_CODES, error.code), `unknown code ${error.code}`);
    assert.ok(error.message.length > 10);
    return;
  }
  assert.fail(`a mutated token verified: ${JSON.stringify(token)}`);
}

describe("mutation: random changes to valid tokens never verify and never crash", () => {
  const verifierSet = [
    signers.HS256,
    signers.RS256,
    signers.ES256,
    signers.EdDSA,
    importKey("a-previous-secret-without-kid-long-enough!", { alg: "HS256" }),
  ] as JwtKey[];

  for (const alg of Object.keys(signers) as Algorithm[]) {
    it(`${alg}: ${MUTATIONS_PER_ALG} mutations`, () => {
      const random = createRandom(20260101 + alg.charCodeAt(0) * 7 + alg.charCodeAt(1));
      const signer = signers[alg] as JwtKey;
      let mutated = 0;
      while (mutated < MUTATIONS_PER_ALG) {
        const original = encodeJwt(randomClaims(random), { key: signer, clock: CLOCK });
        assert.ok(verifyJwt(original, verifierSet, { clock: CLOCK }));
        let token = original;
        const rounds = 1 + randomInt(random, 3);
        for (let i = 0; i < rounds; i++) token = mutate(token, random);
        if (token === original) continue;
        mutated++;
        expectRefused(() => verifyJwt(token, signer, { clock: CLOCK }), token);
        expectRefused(() => verifyJwt(token, verifierSet, { clock: CLOCK }), token);
        expectRefused(() => verifyJws(token, signer), token);
        try {
          decodeJwt(token);
        } catch (error) {
          assert.ok(error instanceof JwtError, `decodeJwt threw ${String(error)}`);
        }
      }
      assert.equal(mutated, MUTATIONS_PER_ALG);
    });
  }
});
