// Shared by the engine tests: assertions on JwtError codes and messages, and keys made once per file.
import assert from "node:assert/strict";
import { generateKeyPairSync, type KeyObject } from "node:crypto";
import { fixedClock, JwtError, type JwtErrorCode } from "../../src/jwt/index.js";

/** Runs `action` and checks it throws a JwtError with `code` whose message contains every part. */
export function expectJwtError(
  action: () => unknown,
  code: JwtErrorCode,
  ...parts: (string | RegExp)[]
): JwtError {
  let caught: unknown;
  try {
    action();
  } catch (error) {
    caught = error;
  }
  assert.ok(caught !== undefined, `expected ${code}, but nothing was thrown`);
  assert.ok(caught instanceof JwtError, `expected a JwtError ${code}, got ${String(caught)}`);
  assert.equal(caught.code, code, `expected ${code}, got ${caught.code}: ${caught.message}`);
  for (const part of parts) {
    if (typeof part === "string")
      assert.ok(caught.message.includes(part), `message lacks "${part}": ${caught.message}`);
    else assert.match(caught.message, part);
  }
  return caught;
}

/** A fixed instant for tests (2026-01-01T00:00:00Z). */
export const NOW = new Date("2026-01-01T00:00:00Z");
export const NOW_SECONDS = NOW.getTime() / 1000;
/** A clock stopped at {@link NOW}. */
export const CLOCK = fixedClock(NOW);

/** A strong HS256 text secret (40 bytes). */
export const SECRET = "a-strong-test-secret-of-forty-characters!";

export interface TestKeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
  privatePem: string;
  publicPem: string;
}

const pairs = new Map<string, TestKeyPair>();

/** One key pair per kind, made once per test file (RSA generation is slow). */
export function keyPairFor(kind: "rsa" | "rsa1024" | "p256" | "p384" | "p521" | "ed25519"): TestKeyPair {
  const cached = pairs.get(kind);
  if (cached) return cached;
  const made = (() => {
    switch (kind) {
      case "rsa":
        return generateKeyPairSync("rsa", { modulusLength: 2048 });
      case "rsa1024":
        return generateKeyPairSync("rsa", { modulusLength: 1024 });
      case "p256":
        return generateKeyPairSync("ec", { namedCurve: "P-256" });
      case "p384":
        return generateKeyPairSync("ec", { namedCurve: "P-384" });
      case "p521":
        return generateKeyPairSync("ec", { namedCurve: "P-521" });
      case "ed25519":
        return generateKeyPairSync("ed25519");
    }
  })();
  const pair = {
    privateKey: made.privateKey,
    publicKey: made.publicKey,
    privatePem: made.privateKey.export({ format: "pem", type: "pkcs8" }).toString(),
    publicPem: made.publicKey.export({ format: "pem", type: "spki" }).toString(),
  };
  pairs.set(kind, pair);
  return pair;
}

/** The base64 body of a PEM block, without armour and line breaks. */
export function pemBody(pem: string): string {
  return pem.replace(/-----[A-Z ]+-----/g, "").replace(/\s+/g, "");
}
