/**
 * JWE benchmark: decrypting a small `dir` + A256GCM token with the engine against a node:crypto
 * floor doing the same decoding, decryption and JSON parsing (target: 0.90 of the floor), and
 * each key management x content encryption pair, decrypt and encrypt, against jose; all in one run.
 *
 *   npm run bench -- --only jwe            this benchmark
 *   npm run bench -- --only jwe --quick    shorter rounds
 *   npm run bench -- --only jwe --floor-only   only the dir + A256GCM comparison with the floor
 */
import { createDecipheriv, createPublicKey, createSecretKey, type KeyObject, randomBytes } from "node:crypto";
import { loadavg } from "node:os";
import { CompactEncrypt, compactDecrypt, jwtDecrypt } from "jose";
import type { JweAlgorithm, JweEncryption, JwtKey } from "../src/jwt/index.js";
import { readBenchArgs } from "./lib/args.js";
import { engine } from "./lib/engine.js";
import { PAYLOAD } from "./lib/fixtures.js";
import { describeMachine } from "./lib/machine.js";
import { type BenchCase, type CaseResult, measureGroup, pairedRatio } from "./lib/measure.js";
import { formatOps, formatRatio, printTable } from "./lib/table.js";

const ENGINE = "bubble-jwt (imported key)";
const FLOOR = "node:crypto floor";
const JOSE = "jose 6 (awaited)";

/**
 * The least work that decrypts a dir + A256GCM token and reads its claims: split, base64url-decode,
 * parse the header and check alg/enc, AES-GCM with the header as AAD, parse the claims, check exp.
 */
function makeFloorDecrypt(key: KeyObject): (token: string) => Record<string, unknown> {
  return (token) => {
    const [h, , iv, ciphertext, tag] = token.split(".") as [string, string, string, string, string];
    const header = JSON.parse(Buffer.from(h, "base64url").toString("utf8")) as { alg?: string; enc?: string };
    if (header.alg !== "dir" || header.enc !== "A256GCM") throw new Error("unexpected header");
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"), {
      authTagLength: 16,
    });
    decipher.setAAD(Buffer.from(h, "ascii"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    const plaintext = Buffer.concat([
      decipher.update(Buffer.from(ciphertext, "base64url")),
      decipher.final(),
    ]);
    const claims = JSON.parse(plaintext.toString("utf8")) as { exp?: number };
    if (typeof claims.exp !== "number" || claims.exp * 1000 <= Date.now()) throw new Error("expired");
    return claims;
  };
}

interface Pair {
  readonly alg: JweAlgorithm;
  readonly enc: JweEncryption;
  readonly encryptWith: JwtKey;
  readonly decryptWith: JwtKey;
  readonly joseEncrypt: KeyObject | Uint8Array;
  readonly joseDecrypt: KeyObject | Uint8Array;
}

const CEK_BYTES: Record<JweEncryption, number> = {
  "A128CBC-HS256": 32,
  "A192CBC-HS384": 48,
  "A256CBC-HS512": 64,
  A128GCM: 16,
  A192GCM: 24,
  A256GCM: 32,
};
const WRAP_BYTES: Partial<Record<JweAlgorithm, number>> = {
  A128KW: 16,
  A192KW: 24,
  A256KW: 32,
  A128GCMKW: 16,
  A192GCMKW: 24,
  A256GCMKW: 32,
};

const rsa = engine.generateKeyPair("RSA-OAEP-256");
const ec = engine.generateKeyPair("ECDH-ES");

function makePair(alg: JweAlgorithm, enc: JweEncryption): Pair {
  const pem = alg === "RSA-OAEP" || alg === "RSA-OAEP-256" ? rsa : alg.includes("ECDH") ? ec : undefined;
  if (pem !== undefined) {
    const privateKey = engine.importKey(pem.privateKeyPem, { alg });
    return {
      alg,
      enc,
      encryptWith: engine.importKey(pem.publicKeyPem, { alg }),
      decryptWith: privateKey,
      joseEncrypt: createPublicKey(pem.publicKeyPem),
      joseDecrypt: privateKey.keyObject,
    };
  }
  const secret = alg.includes("PBES2")
    ? Buffer.from("a benchmark password")
    : randomBytes(alg === "dir" ? CEK_BYTES[enc] : (WRAP_BYTES[alg] as number));
  const key = engine.importKey(secret, { alg });
  return { alg, enc, encryptWith: key, decryptWith: key, joseEncrypt: secret, joseDecrypt: secret };
}

async function main(): Promise<void> {
  const args = readBenchArgs();
  console.log("## JWE: decrypt and encrypt (ops/s, higher is better)\n");
  console.log(`${describeMachine()} · load average ${loadavg()[0]?.toFixed(1)} at start`);
  console.log(
    `ops/s: per second of ${args.clock === "cpu" ? "CPU time of the bench process" : "wall-clock time"}; median of ` +
      "rounds, the cases of a group interleaved. Ratios: median of the per-round ratios. jose is async (awaited in turn). " +
      "PBES2 tokens use 1,000 iterations; ECDH-ES uses P-256.\n",
  );

  // 1. dir + A256GCM, a small JWT: engine against the floor and jose.
  const raw = randomBytes(32);
  const dirKey = engine.importKey(raw, { alg: "dir" });
  const token = engine.encryptJwt(PAYLOAD, { key: dirKey, enc: "A256GCM" });
  const floor = makeFloorDecrypt(createSecretKey(raw));
  const small: BenchCase[] = [
    { name: ENGINE, run: () => engine.decryptJwt(token, dirKey) },
    { name: FLOOR, run: () => floor(token) },
    { name: JOSE, async: true, run: () => jwtDecrypt(token, raw) },
  ];
  for (const benchCase of small) {
    const result = (await benchCase.run()) as { payload?: { sub?: unknown }; sub?: unknown };
    if ((result.payload?.sub ?? result.sub) !== PAYLOAD.sub)
      throw new Error(`${benchCase.name}: wrong claims`);
  }
  const smallResults = await measureGroup(small, args);
  const find = (results: readonly CaseResult[], name: string) =>
    results.find((result) => result.name === name) as CaseResult;
  printTable(
    ["token", "implementation", "ops/s", "x floor", "spread"],
    smallResults.map((result) => [
      `dir + A256GCM decryptJwt (${token.length} chars)`,
      result.name,
      formatOps(result.opsPerSecond),
      formatRatio(pairedRatio(result, find(smallResults, FLOOR))),
      `${Math.round(result.spread * 100)}%`,
    ]),
  );
  const toFloor = pairedRatio(find(smallResults, ENGINE), find(smallResults, FLOOR));
  console.log(
    `\nTarget: dir + A256GCM decrypt, engine / floor = ${toFloor.toFixed(2)} (target >= 0.90): ${toFloor >= 0.9 ? "met" : "MISSED"}\n`,
  );

  if (process.argv.includes("--floor-only")) return;

  // 2. Every pair against jose, decrypting the same token and encrypting the same bytes.
  const gridOptions = {
    ...args,
    rounds: Math.min(args.rounds, 9),
    roundMs: Math.min(args.roundMs, 30),
    warmupMs: Math.min(args.warmupMs, 100),
  };
  const plaintext = new TextEncoder().encode(JSON.stringify(PAYLOAD));
  const rows: string[][] = [];
  for (const alg of engine.JWE_ALGORITHMS) {
    for (const enc of engine.JWE_ENCRYPTIONS) {
      const pair = makePair(alg, enc);
      const sample = engine.encryptJwe(plaintext, { key: pair.encryptWith, enc, pbes2Count: 1000 });
      const decryptCases: BenchCase[] = [
        { name: ENGINE, run: () => engine.decryptJwe(sample, pair.decryptWith) },
        {
          name: JOSE,
          async: true,
          run: () => compactDecrypt(sample, pair.joseDecrypt, { keyManagementAlgorithms: [alg] }),
        },
      ];
      const encryptCases: BenchCase[] = [
        {
          name: ENGINE,
          run: () => engine.encryptJwe(plaintext, { key: pair.encryptWith, enc, pbes2Count: 1000 }),
        },
        {
          name: JOSE,
          async: true,
          run: () => {
            const jwe = new CompactEncrypt(plaintext).setProtectedHeader({ alg, enc });
            if (alg.includes("PBES2")) jwe.setKeyManagementParameters({ p2c: 1000 });
            return jwe.encrypt(pair.joseEncrypt);
          },
        },
      ];
      for (const [op, cases] of [
        ["decrypt", decryptCases],
        ["encrypt", encryptCases],
      ] as const) {
        const results = await measureGroup(cases, gridOptions);
        const mine = find(results, ENGINE);
        const theirs = find(results, JOSE);
        rows.push([
          alg,
          enc,
          op,
          formatOps(mine.opsPerSecond),
          formatOps(theirs.opsPerSecond),
          formatRatio(pairedRatio(mine, theirs)),
        ]);
      }
      process.stderr.write(`  measured ${alg} ${enc}\n`);
    }
  }
  printTable(["alg", "enc", "op", "bubble-jwt ops/s", "jose ops/s", "x jose"], rows);
}

await main();
