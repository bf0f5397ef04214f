/**
 * Engine benchmark (issue 2): ops/s of sign and verify for HS256, RS256, ES256 and EdDSA, for
 * bubble-jwt with an imported key, the node:crypto floor, fast-jwt, jose and jsonwebtoken, all
 * measured in this one run, with the ratios to the floor and to fast-jwt.
 *
 *   npm run bench -- --only engine     this benchmark, every algorithm (about 2 minutes)
 *   npm run bench -- --alg HS256       this benchmark, only some algorithms (repeat --alg, or HS256,ES256)
 *   npm run bench -- --alg HS256 --quick   shorter rounds, for a quick look
 *   npm run bench -- --clock wall      wall-clock time instead of the process's CPU time
 */
import { webcrypto } from "node:crypto";
import { loadavg } from "node:os";
import { createSigner, createVerifier } from "fast-jwt";
import { importPKCS8, importSPKI, jwtVerify, SignJWT } from "jose";
import jsonwebtoken from "jsonwebtoken";
import type { JwtKey } from "../src/jwt/index.js";
import { readBenchArgs } from "./lib/args.js";
import { engine } from "./lib/engine.js";
import {
  BENCH_ALGORITHMS,
  type BenchAlgorithm,
  type BenchKeys,
  EXPIRES_IN_SECONDS,
  makeKeys,
  PAYLOAD,
} from "./lib/fixtures.js";
import { makeFloorSign, makeFloorVerify } from "./lib/floor.js";
import { describeMachine } from "./lib/machine.js";
import { type BenchCase, type CaseResult, measureGroup, pairedRatio } from "./lib/measure.js";
import { formatOps, formatRatio, printTable } from "./lib/table.js";

const ENGINE = "bubble-jwt (imported key)";
const FLOOR = "node:crypto floor";
const FAST_JWT = "fast-jwt";

type Operation = "sign" | "verify";

interface Group {
  readonly alg: BenchAlgorithm;
  readonly op: Operation;
  readonly cases: BenchCase[];
}

async function joseKeys(keys: BenchKeys): Promise<{ sign: CryptoKey; verify: CryptoKey }> {
  if (keys.alg === "HS256") {
    const raw = new TextEncoder().encode(keys.signingText);
    const key = await webcrypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, [
      "sign",
      "verify",
    ]);
    return { sign: key as CryptoKey, verify: key as CryptoKey };
  }
  return {
    sign: await importPKCS8(keys.signingText, keys.alg),
    verify: await importSPKI(keys.verifyingText, keys.alg),
  };
}

async function makeGroups(alg: BenchAlgorithm): Promise<Group[]> {
  const keys = makeKeys(alg);
  const signingKey = engine.importKey(keys.signingText, { alg });
  const verifyingKey = engine.importKey(keys.verifyingText, { alg });
  const jose = await joseKeys(keys);
  const expiresInMinutes = EXPIRES_IN_SECONDS / 60;
  const token = engine.encodeJwt(PAYLOAD, { key: signingKey, expiresInMinutes });
  const signCases: BenchCase[] = [
    { name: ENGINE, run: () => engine.encodeJwt(PAYLOAD, { key: signingKey, expiresInMinutes }) },
    { name: FLOOR, run: makeFloorSign(keys) },
    {
      name: FAST_JWT,
      run: (
        (sign) => () =>
          sign(PAYLOAD)
      )(createSigner({ key: keys.signingText, algorithm: alg, expiresIn: EXPIRES_IN_SECONDS * 1000 })),
    },
    {
      name: "jose 6 (awaited)",
      async: true,
      run: () =>
        new SignJWT({ ...PAYLOAD })
          .setProtectedHeader({ alg, typ: "JWT" })
          .setIssuedAt()
          .setExpirationTime(`${EXPIRES_IN_SECONDS}s`)
          .sign(jose.sign),
    },
  ];
  const floorVerify = makeFloorVerify(keys);
  const verifyCases: BenchCase[] = [
    { name: ENGINE, run: () => engine.verifyJwt(token, verifyingKey) },
    { name: FLOOR, run: () => floorVerify(token) },
    {
      name: FAST_JWT,
      run: (
        (verify) => () =>
          verify(token)
      )(createVerifier({ key: keys.verifyingText, algorithms: [alg] })),
    },
    {
      name: "fast-jwt (cache on)",
      run: (
        (verify) => () =>
          verify(token)
      )(createVerifier({ key: keys.verifyingText, algorithms: [alg], cache: true })),
    },
    {
      name: "jose 6 (awaited)",
      async: true,
      run: () => jwtVerify(token, jose.verify, { algorithms: [alg] }),
    },
  ];
  // jsonwebtoken 9 has no EdDSA.
  if (alg !== "EdDSA") {
    const textLabel = alg === "HS256" ? "string secret" : "PEM string";
    for (const [label, signWith, verifyWith] of [
      [textLabel, keys.signingText, keys.verifyingText],
      ["KeyObject", keys.signingKeyObject, keys.verifyingKeyObject],
    ] as const) {
      signCases.push({
        name: `jsonwebtoken (${label})`,
        run: () => jsonwebtoken.sign(PAYLOAD, signWith, { algorithm: alg, expiresIn: EXPIRES_IN_SECONDS }),
      });
      verifyCases.push({
        name: `jsonwebtoken (${label})`,
        run: () => jsonwebtoken.verify(token, verifyWith, { algorithms: [alg] }),
      });
    }
  }
  await checkCases(alg, signCases, verifyCases, verifyingKey);
  return [
    { alg, op: "sign", cases: signCases },
    { alg, op: "verify", cases: verifyCases },
  ];
}

/** Before timing anything: every signer's token verifies here, and every verifier accepts ours. */
async function checkCases(
  alg: BenchAlgorithm,
  signCases: readonly BenchCase[],
  verifyCases: readonly BenchCase[],
  verifyingKey: JwtKey,
): Promise<void> {
  for (const benchCase of signCases) {
    const token = (await benchCase.run()) as string;
    const { header, payload } = engine.verifyJwt(token, verifyingKey);
    const claims = Object.keys(payload).sort().join(",");
    if (
      header.alg !== alg ||
      claims !== "admin,exp,iat,name,sub" ||
      payload.exp !== (payload.iat ?? 0) + 3600
    ) {
      throw new Error(
        `${alg} sign, ${benchCase.name}: unexpected token ${JSON.stringify({ header, payload })}`,
      );
    }
  }
  for (const benchCase of verifyCases) {
    const result = await benchCase.run();
    if (result === undefined || result === null)
      throw new Error(`${alg} verify, ${benchCase.name}: no result`);
  }
}

function rowsOf(group: Group, results: readonly CaseResult[]): string[][] {
  const floor = results.find((result) => result.name === FLOOR);
  const fast = results.find((result) => result.name === FAST_JWT);
  return results.map((result) => [
    group.alg,
    group.op,
    result.name,
    formatOps(result.opsPerSecond),
    formatRatio(floor === undefined ? undefined : pairedRatio(result, floor)),
    formatRatio(fast === undefined ? undefined : pairedRatio(result, fast)),
    `${Math.round(result.spread * 100)}%`,
  ]);
}

interface Target {
  readonly label: string;
  readonly value: number;
  readonly minimum: number;
}

function targetsOf(group: Group, results: readonly CaseResult[]): Target[] {
  const find = (name: string) => results.find((result) => result.name === name) as CaseResult;
  const toFloor = pairedRatio(find(ENGINE), find(FLOOR));
  if (group.alg === "HS256") {
    return [
      { label: `HS256 ${group.op}: engine / floor`, value: toFloor, minimum: 0.9 },
      {
        label: `HS256 ${group.op}: engine / fast-jwt`,
        value: pairedRatio(find(ENGINE), find(FAST_JWT)),
        minimum: 1.0,
      },
    ];
  }
  return [{ label: `${group.alg} ${group.op}: engine / floor`, value: toFloor, minimum: 0.95 }];
}

async function main(): Promise<void> {
  const args = readBenchArgs();
  const unknown = args.algorithms.filter((alg) => !(BENCH_ALGORITHMS as readonly string[]).includes(alg));
  if (unknown.length > 0) {
    throw new Error(`Unknown --alg ${unknown.join(", ")}; choose from ${BENCH_ALGORITHMS.join(", ")}.`);
  }
  const algorithms = BENCH_ALGORITHMS.filter(
    (alg) => args.algorithms.length === 0 || args.algorithms.includes(alg),
  );
  console.log(`## Engine: sign and verify (ops/s, higher is better)\n`);
  console.log(`${describeMachine()} · load average ${loadavg()[0]?.toFixed(1)} at start`);
  console.log(
    `ops/s: per second of ${args.clock === "cpu" ? "CPU time of the bench process (all its threads)" : "wall-clock time"}; ` +
      `median of ${args.rounds} rounds of ${args.roundMs} ms per case (after ${args.warmupMs} ms warm-up), ` +
      "the cases of a group interleaved. Ratios: median of the per-round ratios. Spread: interquartile range / median.\n" +
      "jose is async: measured awaiting each call in turn (sequential; its thread-pool time counts, idle waits do not). " +
      "fast-jwt: cache off unless the row says so.\n",
  );
  const rows: string[][] = [];
  const targets: Target[] = [];
  for (const alg of algorithms) {
    for (const group of await makeGroups(alg)) {
      const results = await measureGroup(group.cases, args);
      rows.push(...rowsOf(group, results));
      targets.push(...targetsOf(group, results));
      process.stderr.write(`  measured ${group.alg} ${group.op}\n`);
    }
  }
  printTable(["alg", "op", "implementation", "ops/s", "x floor", "x fast-jwt", "spread"], rows);
  console.log("\nTargets (issue 2):");
  for (const target of targets) {
    const verdict = target.value >= target.minimum ? "met" : "MISSED";
    console.log(
      `  ${target.label} = ${target.value.toFixed(2)} (target >= ${target.minimum.toFixed(2)}): ${verdict}`,
    );
  }
}

await main();
