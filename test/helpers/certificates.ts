import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A self-signed X.509 certificate (PEM) for this private key, made now by the openssl command line. */
export function selfSignedCertificate(privateKeyPem: string, commonName = "test-signer"): string {
  const dir = mkdtempSync(join(tmpdir(), "bubble-jwt-cert-"));
  try {
    writeFileSync(join(dir, "key.pem"), privateKeyPem, { mode: 0o600 });
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-new",
        "-key",
        join(dir, "key.pem"),
        "-out",
        join(dir, "cert.pem"),
        "-days",
        "2",
        "-subj",
        `/CN=${commonName}`,
      ],
      { stdio: "ignore" },
    );
    return readFileSync(join(dir, "cert.pem"), "utf8");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
