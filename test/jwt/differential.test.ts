// Tokens made here verify with jose and jsonwebtoken, theirs verify here, and a one-character change
// makes every library refuse the token.
import assert from "node:assert/strict";
import { createSecretKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { describe, it } from "node:test";
import { jwtVerify, SignJWT } from "jose";
import jsonwebtoken from "jsonwebtoken";
import {
  ALGORITHMS,
  type Algorithm,
  encodeJwt,
  importKey,
  isJwtError,
  verifyJwt,
} from "../../src/jwt/index.js";
import { createRandom, randomClaims, randomInt } from "./random.js";

const PAYLOADS_PER_ALG = 30;
const HMAC_SECRET = "differential-secret-that-is-long-enough-for-hs512-0123456789abcdefghij";

interface Keys {
  signKey: KeyObject;
  verifyKey: KeyObject;
}

function keysFor(alg: Algorithm): Keys {
  if (alg.startsWith("HS")) {
    const secret = createSecretKey(Buffer.from(HMAC_SECRET));
    return { signKey: secret, verifyKey: secret };
  }
  const pair = (() => {
    if (alg.startsWith("RS") || alg.startsWith("PS"))
      return generateKeyPairSync("rsa", { modulusLength: 2048 });
    if (alg === "ES256") return generateKeyPairSync("ec", { namedCurve: "P-256" });
    if (alg === "ES384") return generateKeyPairSync("ec", { namedCurve: "P-384" });
    if (alg === "ES512") return generateKeyPairSync("ec", { namedCurve: "P-521" });
    return generateKeyPairSync("ed25519");
  })();
  return { signKey: pair.privateKey, verifyKey: pair.publicKey };
}

const rsaPair = generateKeyPairSync("rsa", { modulusLength: 2048 });
function keysOf(alg: Algorithm): Keys {
  // One RSA key for every RS and PS algorithm keeps the run short.
  if (alg.startsWith("RS") || alg.startsWith("PS"))
    return { signKey: rsaPair.privateKey, verifyKey: rsaPair.publicKey };
  return keysFor(alg);
}

const BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** Changes one character, never a dot nor the signature's last character (whose low bits may be unused). */
function tamper(token: string, random: () => number): string {
  for (;;) {
    const index = randomInt(random, token.length - 1);
    const current = token[index] as string;
    if (current === ".") continue;
    const replacement = BASE64URL[(BASE64URL.indexOf(current) + 1 + randomInt(random, 63)) % 64] as string;
    return `${token.slice(0, index)}${replacement}${token.slice(index + 1)}`;
  }
}

const supportedByJsonwebtoken = (alg: Algorithm) => alg !== "EdDSA";

async function joseAccepts(token: string, key: KeyObject, alg: Algorithm): Promise<boolean> {
  try {
    await jwtVerify(token, key, { algorithms: [alg] });
    return true;
  } catch {
    return false;
  }
}

function jsonwebtokenAccepts(token: string, key: KeyObject, alg: Algorithm): boolean {
  try {
    jsonwebtoken.verify(token, key, { algorithms: [alg as jsonwebtoken.Algorithm] });
    return true;
  } catch {
    return false;
  }
}

function weAccept(token: string, key: KeyObject): boolean {
  try {
    verifyJwt(token, key);
    return true;
  } catch (error) {
    assert.ok(isJwtError(error), `a non-JwtError escaped: ${String(error)}`);
    return false;
  }
}

describe("differential: this engine, jose and jsonwebtoken agree", () => {
  for (const alg of ALGORITHMS) {
    it(`${alg}: ${PAYLOADS_PER_ALG} random payloads each way, and tampered copies`, async () => {
      const random = createRandom(0x5eed + alg.length * 31 + alg.charCodeAt(2));
      const { signKey, verifyKey } = keysOf(alg);
      const ours = importKey(signKey, { alg });
      let checked = 0;
      for (let i = 0; i < PAYLOADS_PER_ALG; i++) {
        const claims = randomClaims(random);
        const token = encodeJwt(claims, { key: ours, expiresInMinutes: 10 });
        assert.ok(await joseAccepts(token, verifyKey, alg), `jose refused our ${alg} token`);
        const { payload } = await jwtVerify(token, verifyKey);
        for (const [name, value] of Object.entries(claims)) assert.deepEqual(payload[name], value);
        if (supportedByJsonwebtoken(alg)) {
          assert.ok(jsonwebtokenAccepts(token, verifyKey, alg), `jsonwebtoken refused our ${alg} token`);
        }

        const fromJose = await new SignJWT(claims)
          .setProtectedHeader({ alg, typ: "JWT" })
          .setIssuedAt()
          .setExpirationTime("10m")
          .sign(signKey);
        const verified = verifyJwt(fromJose, verifyKey);
        for (const [name, value] of Object.entries(claims)) assert.deepEqual(verified.payload[name], value);
        const tokens = [token, fromJose];

        if (supportedByJsonwebtoken(alg)) {
          const fromJsonwebtoken = jsonwebtoken.sign(claims, signKey, {
            algorithm: alg as jsonwebtoken.Algorithm,
            expiresIn: 600,
          });
          assert.ok(weAccept(fromJsonwebtoken, verifyKey), `we refused jsonwebtoken's ${alg} token`);
          tokens.push(fromJsonwebtoken);
        }

        for (const original of tokens) {
          const tampered = tamper(original, random);
          assert.notEqual(tampered, original);
          assert.equal(weAccept(tampered, verifyKey), false, `we accepted a tampered ${alg} token`);
          assert.equal(
            await joseAccepts(tampered, verifyKey, alg),
            false,
            `jose accepted a tampered ${alg} token`,
          );
          if (supportedByJsonwebtoken(alg)) {
            assert.equal(jsonwebtokenAccepts(tampered, verifyKey, alg), false);
          }
          checked++;
        }
      }
      assert.ok(checked >= PAYLOADS_PER_ALG * 2);
    });
  }
});
