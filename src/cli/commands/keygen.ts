import { chmod, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { defineInputs } from "../../inputs/index.js";
import {
  ALGORITHMS,
  type Algorithm,
  DEFAULT_ALGORITHM,
  type GeneratedKeyPair,
  type GeneratedSecret,
  generateKeyPair,
  generateSecret,
  isSymmetric,
  JWE_ALGORITHMS,
  JWE_ENCRYPTIONS,
  type JweAlgorithm,
  type JweEncryption,
  parseAlgorithm,
  usesSharedSecret,
} from "../../jwt/index.js";
import { CliError, EXIT_OK, usageError } from "../errors.js";
import type { CliIo } from "../io.js";
import { defineCommand } from "../lib/command-spec.js";
import { checkPositionals } from "../lib/option-values.js";

export interface KeygenOptions {
  alg: Algorithm | JweAlgorithm;
  /** For a JWE `dir` secret: the content encryption it is for (its length). */
  enc?: JweEncryption | undefined;
  /** For an ECDH-ES key pair: the curve. */
  curve?: "P-256" | "P-384" | "P-521" | "X25519" | undefined;
  /** Write files there instead of printing the secret parts. */
  outDir?: string | undefined;
  /** Replace files that already exist in outDir. */
  force?: boolean | undefined;
  json?: boolean | undefined;
}

interface KeyFile {
  name: string;
  text: string;
  /** Private parts are readable by their owner only. */
  mode: 0o600 | 0o644;
}

/** Makes an HMAC secret or a key pair; prints it (the user asked for it) or writes it to files. */
export async function runKeygen(options: KeygenOptions, io: CliIo): Promise<number> {
  const generated = generate(options);
  if (options.outDir !== undefined) {
    const written = await writeKeyFiles(options.outDir, keyFiles(generated), options.force === true);
    const kid = "kid" in generated ? generated.kid : undefined;
    if (options.json === true) {
      io.stdout.write(`${JSON.stringify({ alg: generated.alg, kid, files: written }, null, 2)}\n`);
    } else {
      const lines = [
        `${generated.alg} ${kid === undefined ? "secret" : `key pair, kid ${kid}`}, written to:`,
      ];
      io.stdout.write(`${[...lines, ...written.map((path) => `  ${path}`)].join("\n")}\n`);
    }
    return EXIT_OK;
  }
  if (options.json === true) {
    io.stdout.write(`${JSON.stringify(toJson(generated), null, 2)}\n`);
  } else if ("secret" in generated) {
    // Only the secret on stdout, so that JWT_SECRET="$(bubble-jwt keygen)" works; the notes go to stderr.
    io.stdout.write(`${generated.secret}\n`);
    const use = isJwe(generated.alg)
      ? // An encryption key must be exactly its length in bytes: read as text, it would be the wrong length.
        "Use it with --secret-encoding base64url (encrypt and decrypt, JWE_KEY); " +
        "the sender and the recipient must agree. Keep it secret.\n"
      : "Use it as it is (it is long enough as text), or with --secret-encoding base64url; " +
        "the signer and the verifier must agree. Keep it secret.\n";
    io.stderr.write(
      `# ${generated.alg} secret: ${generated.bytes} random bytes written as base64url text. ${use}`,
    );
  } else {
    io.stdout.write(describePair(generated));
  }
  return EXIT_OK;
}

type Generated = GeneratedSecret<Algorithm | JweAlgorithm> | GeneratedKeyPair<Algorithm | JweAlgorithm>;

function generate(options: KeygenOptions): Generated {
  const alg = options.alg;
  const jwe = JWE_ALGORITHMS.find((name) => name === alg);
  if (jwe === undefined) {
    if (options.enc !== undefined || options.curve !== undefined) {
      throw usageError("--enc and --curve are for JWE keys (--alg dir, A256KW, ECDH-ES, ...).");
    }
    const jws = alg as Algorithm;
    return isSymmetric(jws) ? generateSecret(jws) : generateKeyPair(jws);
  }
  if (usesSharedSecret(jwe)) {
    if (options.curve !== undefined) throw usageError(`--curve is for ECDH-ES key pairs, not ${jwe}.`);
    return generateSecret(jwe, { enc: options.enc });
  }
  if (options.enc !== undefined) throw usageError(`--enc is for dir secrets; ${jwe} uses a key pair.`);
  return generateKeyPair(jwe, { curve: options.curve });
}

function keyFiles(generated: Generated): KeyFile[] {
  if ("secret" in generated) return [{ name: "secret.txt", text: `${generated.secret}\n`, mode: 0o600 }];
  return [
    { name: "private-key.pem", text: generated.privateKeyPem, mode: 0o600 },
    { name: "public-key.pem", text: generated.publicKeyPem, mode: 0o644 },
    { name: "public-jwk.json", text: `${JSON.stringify(generated.publicJwk, null, 2)}\n`, mode: 0o644 },
    { name: "jwks.json", text: `${JSON.stringify(generated.jwks, null, 2)}\n`, mode: 0o644 },
  ];
}

async function writeKeyFiles(dir: string, files: KeyFile[], force: boolean): Promise<string[]> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const written: string[] = [];
  for (const file of files) {
    const path = join(dir, file.name);
    try {
      await writeFile(path, file.text, { mode: file.mode, flag: force ? "w" : "wx" });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") {
        throw new CliError("ERR_FILE_EXISTS", `"${path}" already exists; pass --force to replace it.`);
      }
      throw new CliError("ERR_FILE_UNREADABLE", `Cannot write "${path}": ${(error as Error).message}`);
    }
    // The mode given to writeFile applies only to a new file; a replaced one keeps its own.
    await chmod(path, file.mode);
    written.push(path);
  }
  return written;
}

function toJson(generated: Generated): Record<string, unknown> {
  if ("secret" in generated) {
    return {
      alg: generated.alg,
      secret: generated.secret,
      encoding: generated.encoding,
      bytes: generated.bytes,
    };
  }
  return {
    alg: generated.alg,
    kid: generated.kid,
    private_key_pem: generated.privateKeyPem,
    public_key_pem: generated.publicKeyPem,
    public_jwk: generated.publicJwk,
    jwks: generated.jwks,
  };
}

function isJwe(alg: string): boolean {
  return JWE_ALGORITHMS.some((name) => name === alg);
}

function describePair(pair: GeneratedKeyPair<Algorithm | JweAlgorithm>): string {
  const jwe = isJwe(pair.alg);
  return [
    `# ${pair.alg} key pair, kid ${pair.kid}`,
    jwe
      ? "# Private key (PKCS#8 PEM): keep it secret; decrypt with it (decrypt --key-file)."
      : "# Private key (PKCS#8 PEM): keep it secret; sign with it (--key-file, JWT_PRIVATE_KEY).",
    pair.privateKeyPem.trimEnd(),
    jwe
      ? "# Public key (SPKI PEM): give it to senders, who encrypt with it (encrypt --key-file)."
      : "# Public key (SPKI PEM): share it with verifiers.",
    pair.publicKeyPem.trimEnd(),
    "# JWKS (public keys, as served at /.well-known/jwks.json):",
    JSON.stringify(pair.jwks),
    "",
  ].join("\n");
}

export const KEYGEN_INPUTS = defineInputs([
  {
    name: "alg",
    caption: "The algorithm the key is for",
    type: "choice",
    options: [...ALGORITHMS, ...JWE_ALGORITHMS],
    default: DEFAULT_ALGORITHM,
    placeholder: "ALG",
    doc:
      "HS256/384/512 make a secret; RS*, PS* an RSA 2048 pair; ES256/384/512 a P-256/384/521 pair; EdDSA an Ed25519 pair. " +
      "JWE: dir (the length --enc needs), A128KW/A192KW/A256KW, A*GCMKW and PBES2-* make a secret; RSA-OAEP, RSA-OAEP-256 an RSA 2048 pair; ECDH-ES* a P-256 pair (or --curve).",
  },
  {
    name: "enc",
    caption: "With --alg dir: the content encryption the secret is for (default A256GCM)",
    type: "choice",
    options: JWE_ENCRYPTIONS,
    placeholder: "ENC",
    doc: "With `--alg dir`: the content encryption the secret is for; it sets the length (A256GCM 32 bytes, A256CBC-HS512 64).",
  },
  {
    name: "curve",
    caption: "With --alg ECDH-ES*: the curve (default P-256)",
    type: "choice",
    options: ["P-256", "P-384", "P-521", "X25519"],
    placeholder: "CURVE",
    doc: "With `--alg ECDH-ES` (or `ECDH-ES+A*KW`): P-256 (default), P-384, P-521 or X25519.",
  },
  {
    name: "out_dir",
    caption: "Write the key files to this directory",
    type: "text",
    placeholder: "DIR",
    doc: "Write files instead and print only their names; private parts get mode 0600.",
  },
  {
    name: "force",
    caption: "With --out-dir: replace files that exist",
    type: "boolean",
    doc: "With `--out-dir`: replace files that exist.",
  },
  {
    name: "json",
    caption: "Print the result as JSON",
    type: "boolean",
    doc: "Print the result as one JSON object.",
  },
]);

function readKeygenAlg(text: string): Algorithm | JweAlgorithm {
  const jwe = JWE_ALGORITHMS.find((name) => name.toLowerCase() === text.trim().toLowerCase());
  return jwe ?? parseAlgorithm(text, "alg");
}

export const keygenCommand = defineCommand({
  name: "keygen",
  summary: "Make a random HMAC secret (HS*), a key pair (RS*, PS*, ES*, EdDSA), or a JWE key.",
  usage: ["bubble-jwt keygen --alg ALG [--enc ENC] [--curve CURVE] [--out-dir DIR] [--json]"],
  details: [
    "HS256/384/512: prints a secret of the hash's length, base64url text.",
    "Others: prints the private PEM, the public PEM and a JWKS; the kid is the key's RFC 7638 thumbprint.",
    "JWE: dir, AES key wrap and PBES2 print a secret (use it with --secret-encoding base64url);",
    "RSA-OAEP* and ECDH-ES* print a key pair whose public JWK says use: enc.",
    "With --out-dir, writes secret.txt or private-key.pem (mode 0600), public-key.pem, public-jwk.json, jwks.json.",
  ],
  inputs: KEYGEN_INPUTS,
  examples: [
    `export JWT_SECRET="$(bubble-jwt keygen --alg HS256)"`,
    "bubble-jwt keygen --alg ES256 --out-dir keys/",
    `export JWE_KEY="$(bubble-jwt keygen --alg dir --enc A256GCM)"`,
    "bubble-jwt keygen --alg ECDH-ES --curve X25519 --out-dir jwe-keys/",
  ],
  toOptions(values, positionals): KeygenOptions {
    checkPositionals(positionals, 0, "keygen");
    return {
      alg: readKeygenAlg(values.alg ?? DEFAULT_ALGORITHM),
      enc: values.enc as JweEncryption | undefined,
      curve: values.curve as KeygenOptions["curve"],
      outDir: values.out_dir,
      force: values.force === true,
      json: values.json === true,
    };
  },
  run: runKeygen,
});
