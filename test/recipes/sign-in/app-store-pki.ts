// A test PKI shaped like Apple's App Store signing chain, made by the openssl command line with fixed
// validity dates (openssl ca -startdate/-enddate: nothing depends on today): a root CA, an intermediate
// CA with Apple's marker 1.2.840.113635.100.6.2.1, a leaf with 1.2.840.113635.100.6.11.1, all EC P-256,
// and the broken variants the refusals need. Signed data is made with the engine (ES256, x5c of three).
import { execFileSync } from "node:child_process";
import { generateKeyPairSync, X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encodeJws, importKey } from "../../../src/jwt/index.js";

/** Every certificate's validity unless a variant says otherwise; signedDate values fall inside it. */
export const VALID_FROM = "20260101000000Z";
export const VALID_TO = "20280101000000Z";
/** A signedDate inside the validity (milliseconds, as Apple writes it). */
export const SIGNED_DATE = Date.parse("2026-12-01T10:00:00Z");

const CONFIG = `
[ ca ]
default_ca = test_ca
[ test_ca ]
database = DIR/index.txt
new_certs_dir = DIR
serial = DIR/serial
default_md = sha256
policy = any_name
unique_subject = no
email_in_dn = no
[ any_name ]
commonName = supplied
organizationName = optional
countryName = optional
[ root_ext ]
basicConstraints = critical,CA:true
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[ intermediate_ext ]
basicConstraints = critical,CA:true,pathlen:0
keyUsage = critical,keyCertSign,cRLSign
1.2.840.113635.100.6.2.1 = ASN1:NULL
[ intermediate_without_oid_ext ]
basicConstraints = critical,CA:true,pathlen:0
keyUsage = critical,keyCertSign,cRLSign
[ intermediate_not_ca_ext ]
basicConstraints = critical,CA:false
keyUsage = critical,keyCertSign,digitalSignature
1.2.840.113635.100.6.2.1 = ASN1:NULL
[ leaf_ext ]
basicConstraints = critical,CA:false
keyUsage = critical,digitalSignature
1.2.840.113635.100.6.11.1 = ASN1:NULL
[ leaf_without_oid_ext ]
basicConstraints = critical,CA:false
keyUsage = critical,digitalSignature
`;

export interface Issued {
  readonly pem: string;
  /** Standard base64 of the DER, as x5c holds it. */
  readonly base64: string;
  readonly der: Buffer;
  readonly keyPem: string;
}

export interface AppStorePki {
  readonly root: Issued;
  readonly intermediate: Issued;
  readonly leaf: Issued;
  /** Another root with the same name as root: the intermediate does not verify against it. */
  readonly otherRoot: Issued;
  /** A whole chain under otherRoot, valid in every other way. */
  readonly otherIntermediate: Issued;
  readonly otherLeaf: Issued;
  readonly leafWithoutOid: Issued;
  readonly intermediateWithoutOid: Issued;
  readonly leafUnderIntermediateWithoutOid: Issued;
  readonly intermediateNotCa: Issued;
  readonly leafUnderIntermediateNotCa: Issued;
  /** A leaf of the good intermediate valid only in 2020. */
  readonly expiredLeaf: Issued;
}

function newKey(): string {
  return generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({
    type: "pkcs8",
    format: "pem",
  }) as string;
}

/** Makes the whole test PKI once (about twenty openssl runs). */
export function makeAppStorePki(): AppStorePki {
  const dir = mkdtempSync(join(tmpdir(), "bubble-jwt-appstore-"));
  try {
    writeFileSync(join(dir, "index.txt"), "");
    writeFileSync(join(dir, "serial"), "1000\n");
    const config = join(dir, "openssl.cnf");
    writeFileSync(config, CONFIG.replaceAll("DIR", dir));
    let count = 0;
    const issue = (
      name: string,
      extensions: string,
      issuer: Issued | undefined,
      from = VALID_FROM,
      to = VALID_TO,
    ): Issued => {
      count += 1;
      const keyPem = newKey();
      const keyFile = join(dir, `key-${count}.pem`);
      const csr = join(dir, `req-${count}.csr`);
      const out = join(dir, `cert-${count}.pem`);
      writeFileSync(keyFile, keyPem, { mode: 0o600 });
      execFileSync("openssl", ["req", "-new", "-key", keyFile, "-subj", `/CN=${name}/O=Test`, "-out", csr], {
        stdio: "ignore",
      });
      const signer =
        issuer === undefined
          ? ["-selfsign", "-keyfile", keyFile]
          : (() => {
              const issuerCert = join(dir, `issuer-${count}.pem`);
              const issuerKey = join(dir, `issuer-key-${count}.pem`);
              writeFileSync(issuerCert, issuer.pem);
              writeFileSync(issuerKey, issuer.keyPem, { mode: 0o600 });
              return ["-cert", issuerCert, "-keyfile", issuerKey];
            })();
      execFileSync(
        "openssl",
        [
          "ca",
          "-batch",
          "-notext",
          "-config",
          config,
          ...signer,
          "-in",
          csr,
          "-out",
          out,
          "-startdate",
          from,
          "-enddate",
          to,
          "-extensions",
          extensions,
        ],
        { stdio: "ignore" },
      );
      const pem = readFileSync(out, "utf8");
      const der = Buffer.from(new X509Certificate(pem).raw);
      return { pem, der, base64: der.toString("base64"), keyPem };
    };
    const root = issue("Test App Store Root CA", "root_ext", undefined);
    const intermediate = issue("Test App Store Intermediate CA", "intermediate_ext", root);
    const leaf = issue("Test App Store Signing", "leaf_ext", intermediate);
    const otherRoot = issue("Test App Store Root CA", "root_ext", undefined);
    const otherIntermediate = issue("Test App Store Intermediate CA", "intermediate_ext", otherRoot);
    const otherLeaf = issue("Test App Store Signing", "leaf_ext", otherIntermediate);
    const leafWithoutOid = issue("Test App Store Signing", "leaf_without_oid_ext", intermediate);
    const intermediateWithoutOid = issue(
      "Test App Store Intermediate CA",
      "intermediate_without_oid_ext",
      root,
    );
    const leafUnderIntermediateWithoutOid = issue(
      "Test App Store Signing",
      "leaf_ext",
      intermediateWithoutOid,
    );
    const intermediateNotCa = issue("Test App Store Intermediate CA", "intermediate_not_ca_ext", root);
    const leafUnderIntermediateNotCa = issue("Test App Store Signing", "leaf_ext", intermediateNotCa);
    const expiredLeaf = issue(
      "Test App Store Signing",
      "leaf_ext",
      intermediate,
      "20200101000000Z",
      "20210101000000Z",
    );
    return {
      root,
      intermediate,
      leaf,
      otherRoot,
      otherIntermediate,
      otherLeaf,
      leafWithoutOid,
      intermediateWithoutOid,
      leafUnderIntermediateWithoutOid,
      intermediateNotCa,
      leafUnderIntermediateNotCa,
      expiredLeaf,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Signs a payload as the App Store does: ES256 with the leaf's key, x5c = [leaf, intermediate, root]. */
export function signAppStore(
  payload: unknown,
  chain: readonly [Issued, Issued, Issued] | readonly Issued[],
  options: { x5c?: unknown } = {},
): string {
  const leaf = chain[0];
  if (leaf === undefined) throw new Error("a chain needs a leaf");
  return encodeJws(JSON.stringify(payload), {
    key: importKey(leaf.keyPem, { alg: "ES256" }),
    header:
      "x5c" in options
        ? options.x5c === undefined
          ? {}
          : { x5c: options.x5c }
        : { x5c: chain.map((certificate) => certificate.base64) },
  });
}

export const BUNDLE_ID = "com.example.app";
export const APP_APPLE_ID = 1234567890;

export function transactionPayload(environment: string, overrides: Record<string, unknown> = {}) {
  return {
    transactionId: "2000000123456789",
    originalTransactionId: "2000000100000001",
    webOrderLineItemId: "2000000011111111",
    bundleId: BUNDLE_ID,
    productId: "com.example.app.monthly",
    subscriptionGroupIdentifier: "21000001",
    purchaseDate: SIGNED_DATE - 60_000,
    originalPurchaseDate: SIGNED_DATE - 86_400_000,
    expiresDate: SIGNED_DATE + 30 * 86_400_000,
    quantity: 1,
    type: "Auto-Renewable Subscription",
    inAppOwnershipType: "PURCHASED",
    signedDate: SIGNED_DATE,
    environment,
    transactionReason: "PURCHASE",
    storefront: "USA",
    storefrontId: "143441",
    ...overrides,
  };
}

export function renewalPayload(environment: string, overrides: Record<string, unknown> = {}) {
  return {
    originalTransactionId: "2000000100000001",
    autoRenewProductId: "com.example.app.monthly",
    productId: "com.example.app.monthly",
    autoRenewStatus: 1,
    signedDate: SIGNED_DATE,
    environment,
    recentSubscriptionStartDate: SIGNED_DATE - 86_400_000,
    renewalDate: SIGNED_DATE + 30 * 86_400_000,
    ...overrides,
  };
}

/** A SUBSCRIBED notification whose data holds the signed transaction and renewal info given. */
export function notificationPayload(
  environment: string,
  data: Record<string, unknown> = {},
  overrides: Record<string, unknown> = {},
) {
  return {
    notificationType: "SUBSCRIBED",
    subtype: "INITIAL_BUY",
    notificationUUID: "0b8ae6b1-2c4d-4e6f-8a9b-0c1d2e3f4a5b",
    data: {
      appAppleId: APP_APPLE_ID,
      bundleId: BUNDLE_ID,
      bundleVersion: "42",
      environment,
      status: 1,
      ...data,
    },
    version: "2.0",
    signedDate: SIGNED_DATE,
    ...overrides,
  };
}
