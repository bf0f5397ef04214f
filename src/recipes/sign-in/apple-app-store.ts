import { X509Certificate } from "node:crypto";
import { defineInputs, defineOperation, type OperationContext } from "../../inputs/index.js";
import { type Clock, importKey, isJwtError, verifyJws } from "../../jwt/index.js";
import { refuseInput, shown } from "../lib/refuse.js";
import { refusedOutputs, verdictOutputs } from "./verdict.js";

/**
 * Apple App Store signed data checked in a backend: the signedPayload of an App Store Server
 * Notification V2, or a signed transaction (JWSTransaction) or renewal info (JWSRenewalInfo) as the
 * App Store Server API or the device gives them. Apple signs each with a key whose certificate chain
 * (leaf, intermediate, root) is in the JWS header's x5c; the chain must end at Apple Root CA - G3,
 * which is shipped here and pinned by its SHA-256 fingerprint, never taken from the token. The steps
 * are those of Apple's own SignedDataVerifier (apple/app-store-server-library-node jws_verification.ts)
 * with online checks off: no network, no OCSP, certificates valid at the payload's signedDate.
 */

/**
 * Apple Root CA - G3, DER as PEM (CN=Apple Root CA - G3, OU=Apple Certification Authority, valid
 * 2014-04-30 to 2039-04-30), published at https://www.apple.com/certificateauthority/AppleRootCA-G3.cer.
 * A public certificate, not a secret; its fingerprint is checked when this module loads.
 */
const APPLE_ROOT_CA_G3_PEM = `-----BEGIN CERTIFICATE-----
MIICQzCCAcmgAwIBAgIILcX8iNLFS5UwCgYIKoZIzj0EAwMwZzEbMBkGA1UEAwwS
QXBwbGUgUm9vdCBDQSAtIEczMSYwJAYDVQQLDB1BcHBsZSBDZXJ0aWZpY2F0aW9u
IEF1dGhvcml0eTETMBEGA1UECgwKQXBwbGUgSW5jLjELMAkGA1UEBhMCVVMwHhcN
MTQwNDMwMTgxOTA2WhcNMzkwNDMwMTgxOTA2WjBnMRswGQYDVQQDDBJBcHBsZSBS
b290IENBIC0gRzMxJjAkBgNVBAsMHUFwcGxlIENlcnRpZmljYXRpb24gQXV0aG9y
aXR5MRMwEQYDVQQKDApBcHBsZSBJbmMuMQswCQYDVQQGEwJVUzB2MBAGByqGSM49
AgEGBSuBBAAiA2IABJjpLz1AcqTtkyJygRMc3RCV8cWjTnHcFBbZDuWmBSp3ZHtf
TjjTuxxEtX/1H7YyYl3J6YRbTzBPEVoA/VhYDKX1DyxNB0cTddqXl5dvMVztK517
IDvYuVTZXpmkOlEKMaNCMEAwHQYDVR0OBBYEFLuw3qFYM4iapIqZ3r6966/ayySr
MA8GA1UdEwEB/wQFMAMBAf8wDgYDVR0PAQH/BAQDAgEGMAoGCCqGSM49BAMDA2gA
MGUCMQCD6cHEFl4aXTQY2e3v9GwOAEZLuN+yRhHFD/3meoyhpmvOwgPUnPWTxnS4
at+qIxUCMG1mihDK1A3UT82NQz60imOlM27jbdoXt2QfyFMm+YhidDkLF1vLUagM
6BgD56KyKA==
-----END CERTIFICATE-----`;

/** SHA-256 of Apple Root CA - G3's DER, as Apple's PKI page lists it. */
export const APPLE_ROOT_CA_G3_SHA256 =
  "63:34:3A:BF:B8:9A:6A:03:EB:B5:7E:9B:3F:5F:A7:BE:7C:4F:5C:75:6F:30:17:B3:A8:C4:88:C3:65:3E:91:79";

const APPLE_ROOT_CA_G3 = pinnedRoot();

function pinnedRoot(): X509Certificate {
  const root = new X509Certificate(APPLE_ROOT_CA_G3_PEM);
  // A damaged copy must never become a trust anchor: the bytes are checked against the pin.
  if (root.fingerprint256 !== APPLE_ROOT_CA_G3_SHA256) {
    throw new Error("The shipped Apple Root CA - G3 does not match its SHA-256 fingerprint.");
  }
  return root;
}

/** Apple's marker extensions: the leaf that signs App Store data, and its intermediate CA. */
const LEAF_OID = "1.2.840.113635.100.6.11.1";
const INTERMEDIATE_OID = "1.2.840.113635.100.6.2.1";

/** The library's MAX_SKEW: certificates may start or end 60 s around the effective date. */
const CLOCK_SKEW_MS = 60_000;

/** A notification holds two nested JWS, each with its own three certificates: far above 8 KiB. */
const MAX_SIGNED_BYTES = 256 * 1024;

export const APP_STORE_ENVIRONMENTS = ["Production", "Sandbox"] as const;
type AppStoreEnvironment = (typeof APP_STORE_ENVIRONMENTS)[number];

/**
 * Why App Store signed data was refused: the `reason_code` output. Engine codes where they say it
 * exactly; `ERR_APPSTORE_*` for Apple's rules. Each entry: when it happens, and what to check.
 */
export const APP_STORE_REASON_CODES = {
  ERR_JWT_MALFORMED: {
    when: "The signed data is not a compact JWS (three base64url parts), its header or payload is not JSON, or the payload is not a JSON object.",
    check:
      "Send the signedPayload value exactly as Apple posted it (or the whole JSON body), with no quotes, spaces or line breaks added.",
  },
  ERR_TOKEN_TOO_LARGE: {
    when: "The signed data is longer than 256 KiB.",
    check: "Send the signedPayload, signedTransactionInfo or signedRenewalInfo, not another value.",
  },
  ERR_APPSTORE_LOCAL_ENVIRONMENT: {
    when: "The data says its environment is Xcode or LocalTesting: StoreKit testing in Xcode signed it, not the App Store. Apple's library skips the signature for these; this check never accepts them.",
    check:
      "Test with the Sandbox environment (a sandbox Apple Account) instead; Xcode purchases are not real.",
  },
  ERR_APPSTORE_CHAIN_LENGTH: {
    when: "The JWS header's x5c is missing or does not hold exactly three certificates (leaf, intermediate, root).",
    check: "The data was not signed by the App Store.",
  },
  ERR_APPSTORE_CERTIFICATE_INVALID: {
    when: "A certificate of x5c is not base64 DER of an X.509 certificate.",
    check: "The data was not signed by the App Store, or was altered.",
  },
  ERR_APPSTORE_UNTRUSTED_ROOT: {
    when: "The intermediate certificate is not issued and signed by Apple Root CA - G3 (or the extra trusted root given as the CA certificate).",
    check:
      "The data was not signed by the App Store. A CA certificate given in the advanced field is only for tests and private roots.",
  },
  ERR_APPSTORE_CHAIN_BROKEN: {
    when: "The leaf certificate is not issued and signed by the intermediate, or the intermediate is not a CA.",
    check: "The data was not signed by the App Store, or its certificates were swapped.",
  },
  ERR_APPSTORE_CERTIFICATE_PURPOSE: {
    when: `The leaf lacks Apple's extension ${LEAF_OID} or the intermediate lacks ${INTERMEDIATE_OID}: a certificate under Apple's root that is not for signing App Store data.`,
    check: "The data was not signed by the App Store.",
  },
  ERR_ALG_NOT_ALLOWED: {
    when: "The JWS alg is not the ECDSA algorithm of the leaf certificate's key (ES256 for Apple's P-256 key).",
    check: "The data was not signed by the App Store, or was altered.",
  },
  ERR_JWS_SIGNATURE_INVALID: {
    when: "The signature does not match the leaf certificate's key.",
    check: "The data was altered or forged.",
  },
  ERR_APPSTORE_CERTIFICATE_EXPIRED: {
    when: "The leaf, the intermediate or the root is not valid at the payload's signedDate (60 s allowed either side).",
    check: "The data was signed with a certificate outside its validity: a forged or replayed signature.",
  },
  ERR_APPSTORE_PAYLOAD_UNKNOWN: {
    when: "The verified payload is not a notification (notificationType), a transaction (transactionId) or renewal info (originalTransactionId), or a member has the wrong type.",
    check:
      "Send a notification's signedPayload, a signedTransactionInfo or a signedRenewalInfo; app transactions and other signed data are not checked here.",
  },
  ERR_APPSTORE_BUNDLE_ID: {
    when: "The data's bundleId (a notification's data.bundleId) is not the bundle_id given.",
    check:
      "Check bundle_id: your app's bundle ID in App Store Connect (App Information), e.g. com.example.app.",
  },
  ERR_APPSTORE_APP_APPLE_ID: {
    when: "Production: the notification's appAppleId is missing or not the app_apple_id given.",
    check: "Check app_apple_id: the Apple ID in App Store Connect > App Information (digits only).",
  },
  ERR_APPSTORE_ENVIRONMENT: {
    when: "The data's environment is not the environment given (a Sandbox notification checked as Production, or the reverse).",
    check:
      "Set environment to the one of the URL Apple called (App Store Connect has a Production and a Sandbox notification URL), or refuse the other environment's data on purpose.",
  },
  ERR_APPSTORE_TRANSACTION_INVALID: {
    when: "The notification is genuine but its data.signedTransactionInfo fails one of these checks (the error says which).",
    check: "The nested transaction was altered or forged: do not grant anything from this notification.",
  },
  ERR_APPSTORE_RENEWAL_INFO_INVALID: {
    when: "The notification is genuine but its data.signedRenewalInfo fails one of these checks (the error says which).",
    check: "The nested renewal info was altered or forged: do not act on this notification.",
  },
} as const satisfies Record<string, { when: string; check: string }>;

export type AppStoreReasonCode = keyof typeof APP_STORE_REASON_CODES;

/** A refusal inside the check: turned into `valid: false` outputs, never thrown to the caller. */
class AppStoreRefusal extends Error {
  override readonly name = "AppStoreRefusal";
  readonly code: AppStoreReasonCode;

  constructor(code: AppStoreReasonCode, message: string) {
    super(message);
    this.code = code;
  }
}

// --- A small DER reader: node:crypto's X509Certificate does not list a certificate's extensions. ---

interface Tlv {
  readonly tag: number;
  /** Where the content starts and ends (exclusive). */
  readonly start: number;
  readonly end: number;
}

class DerError extends Error {}

function readTlv(der: Uint8Array, offset: number, limit: number): Tlv {
  if (offset + 2 > limit) throw new DerError("truncated");
  const tag = der[offset] as number;
  // Certificates use low tag numbers only; a multi-byte tag is not one.
  if ((tag & 0x1f) === 0x1f) throw new DerError("high tag number");
  let length = der[offset + 1] as number;
  let start = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    // DER has no indefinite length; four length bytes already exceed any certificate.
    if (count === 0 || count > 4 || start + count > limit) throw new DerError("bad length");
    length = 0;
    for (let index = 0; index < count; index += 1) length = length * 256 + (der[start + index] as number);
    start += count;
  }
  const end = start + length;
  if (end > limit) throw new DerError("content past its parent");
  return { tag, start, end };
}

function childrenOf(der: Uint8Array, parent: Tlv): Tlv[] {
  const children: Tlv[] = [];
  let offset = parent.start;
  while (offset < parent.end) {
    const child = readTlv(der, offset, parent.end);
    children.push(child);
    offset = child.end;
  }
  return children;
}

function oidText(der: Uint8Array, tlv: Tlv): string {
  const arcs: number[] = [];
  let value = 0;
  for (let index = tlv.start; index < tlv.end; index += 1) {
    const byte = der[index] as number;
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) {
      if (arcs.length === 0)
        arcs.push(value < 80 ? Math.floor(value / 40) : 2, value < 80 ? value % 40 : value - 80);
      else arcs.push(value);
      value = 0;
    }
  }
  return arcs.join(".");
}

const SEQUENCE = 0x30;
const OBJECT_IDENTIFIER = 0x06;
/** [3] EXPLICIT, constructed: the TBSCertificate's extensions. */
const EXTENSIONS_TAG = 0xa3;

/** The OIDs of a certificate's extensions (Certificate > TBSCertificate > [3] > Extension > extnID). */
export function certificateExtensionOids(der: Uint8Array): Set<string> {
  const certificate = readTlv(der, 0, der.length);
  if (certificate.tag !== SEQUENCE) throw new DerError("not a certificate");
  const tbs = childrenOf(der, certificate)[0];
  if (tbs === undefined || tbs.tag !== SEQUENCE) throw new DerError("no TBSCertificate");
  const oids = new Set<string>();
  const wrapper = childrenOf(der, tbs).find((child) => child.tag === EXTENSIONS_TAG);
  if (wrapper === undefined) return oids;
  const list = childrenOf(der, wrapper)[0];
  if (list === undefined || list.tag !== SEQUENCE) throw new DerError("extensions are not a sequence");
  for (const extension of childrenOf(der, list)) {
    const id = extension.tag === SEQUENCE ? childrenOf(der, extension)[0] : undefined;
    if (id === undefined || id.tag !== OBJECT_IDENTIFIER) throw new DerError("extension without an OID");
    oids.add(oidText(der, id));
  }
  return oids;
}

function hasExtension(certificate: X509Certificate, oid: string): boolean {
  try {
    return certificateExtensionOids(certificate.raw).has(oid);
  } catch {
    return false;
  }
}

// --- The checks ---

/** The trust anchors: Apple Root CA - G3 always, and the certificates of an explicit `ca` when given. */
function trustedRoots(ca: string | Buffer | undefined): X509Certificate[] {
  if (ca === undefined || ca.length === 0) return [APPLE_ROOT_CA_G3];
  const text = typeof ca === "string" ? ca : ca.toString("utf8");
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  const extra = blocks.map((block) => {
    try {
      return new X509Certificate(block);
    } catch {
      throw refuseInput(
        "ca_certificate",
        "is not a readable certificate",
        "Paste a root CA certificate from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----, or leave it empty to trust Apple Root CA - G3 alone.",
      );
    }
  });
  if (extra.length === 0) {
    throw refuseInput(
      "ca_certificate",
      "holds no PEM certificate",
      "Paste a root CA certificate from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----, or leave it empty.",
    );
  }
  return [APPLE_ROOT_CA_G3, ...extra];
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function decodeSegment(segment: string | undefined, what: string): unknown {
  if (segment === undefined || !/^[A-Za-z0-9_-]+$/.test(segment)) {
    throw new AppStoreRefusal("ERR_JWT_MALFORMED", `The signed data's ${what} is not base64url.`);
  }
  try {
    return JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));
  } catch {
    throw new AppStoreRefusal("ERR_JWT_MALFORMED", `The signed data's ${what} is not JSON.`);
  }
}

/** Where a notification keeps the app's identifiers; the library's order, data first. */
function notificationApp(payload: Json): { bundleId: unknown; appAppleId: unknown; environment: unknown } {
  for (const member of ["data", "summary", "appData"]) {
    const holder = payload[member];
    if (isObject(holder)) {
      return { bundleId: holder.bundleId, appAppleId: holder.appAppleId, environment: holder.environment };
    }
  }
  const token = payload.externalPurchaseToken;
  if (isObject(token)) {
    // External purchase tokens carry no environment: Apple marks sandbox ones by their id's prefix.
    const id = token.externalPurchaseId;
    const sandbox = typeof id === "string" && id.startsWith("SANDBOX");
    return {
      bundleId: token.bundleId,
      appAppleId: token.appAppleId,
      environment: sandbox ? "Sandbox" : "Production",
    };
  }
  return { bundleId: undefined, appAppleId: undefined, environment: undefined };
}

type PayloadKind = "notification" | "transaction" | "renewal-info";

function payloadKind(payload: Json): PayloadKind | undefined {
  if ("notificationType" in payload || "notificationUUID" in payload) return "notification";
  if ("transactionId" in payload) return "transaction";
  if ("originalTransactionId" in payload || "autoRenewProductId" in payload) return "renewal-info";
  return undefined;
}

function claimedEnvironment(payload: Json): unknown {
  return payloadKind(payload) === "notification" ? notificationApp(payload).environment : payload.environment;
}

function checkDates(certificate: X509Certificate, role: string, effective: number): void {
  const from = new Date(certificate.validFrom).getTime();
  const to = new Date(certificate.validTo).getTime();
  if (!(from <= effective + CLOCK_SKEW_MS && to >= effective - CLOCK_SKEW_MS)) {
    throw new AppStoreRefusal(
      "ERR_APPSTORE_CERTIFICATE_EXPIRED",
      `The ${role} certificate is valid from ${new Date(from).toISOString()} to ${new Date(to).toISOString()}, not at the payload's signedDate ${new Date(effective).toISOString()}.`,
    );
  }
}

function certificateAt(x5c: unknown[], index: number, role: string): X509Certificate {
  const entry = x5c[index];
  // x5c entries are standard base64 of DER (RFC 7515 4.1.6), not base64url.
  if (typeof entry !== "string" || !/^[A-Za-z0-9+/]+={0,2}$/.test(entry)) {
    throw new AppStoreRefusal(
      "ERR_APPSTORE_CERTIFICATE_INVALID",
      `x5c[${index}] (the ${role}) is not base64.`,
    );
  }
  try {
    return new X509Certificate(Buffer.from(entry, "base64"));
  } catch {
    throw new AppStoreRefusal(
      "ERR_APPSTORE_CERTIFICATE_INVALID",
      `x5c[${index}] (the ${role}) is not an X.509 certificate.`,
    );
  }
}

/**
 * One JWS checked as Apple's SignedDataVerifier.verifyJWT does with online checks off: x5c of three,
 * the intermediate signed by a trusted root with matching names, the leaf by the intermediate, the
 * intermediate a CA, Apple's two marker extensions, the signature with the leaf's key, and the three
 * certificates valid at signedDate. Returns the verified payload, or throws an AppStoreRefusal.
 */
function verifySignedData(signed: string, roots: readonly X509Certificate[], clock: Clock): Json {
  if (signed.length > MAX_SIGNED_BYTES) {
    throw new AppStoreRefusal(
      "ERR_TOKEN_TOO_LARGE",
      `The signed data is ${signed.length} characters long; the limit is ${MAX_SIGNED_BYTES}.`,
    );
  }
  const parts = signed.split(".");
  if (parts.length !== 3) {
    throw new AppStoreRefusal(
      "ERR_JWT_MALFORMED",
      `The signed data has ${parts.length} part${parts.length === 1 ? "" : "s"}; a JWS has three, separated by dots.`,
    );
  }
  const header = decodeSegment(parts[0], "header");
  const claimed = decodeSegment(parts[1], "payload");
  if (!isObject(header) || !isObject(claimed)) {
    throw new AppStoreRefusal(
      "ERR_JWT_MALFORMED",
      "The signed data's header or payload is not a JSON object.",
    );
  }
  // Apple's library returns Xcode and LocalTesting data unverified; here it is refused before any check.
  const environment = claimedEnvironment(claimed);
  if (environment === "Xcode" || environment === "LocalTesting") {
    throw new AppStoreRefusal(
      "ERR_APPSTORE_LOCAL_ENVIRONMENT",
      `The data's environment is ${environment}: it was signed by StoreKit testing in Xcode, not by the App Store, and is never accepted.`,
    );
  }
  const x5c = header.x5c;
  if (!Array.isArray(x5c) || x5c.length !== 3) {
    throw new AppStoreRefusal(
      "ERR_APPSTORE_CHAIN_LENGTH",
      Array.isArray(x5c)
        ? `The header's x5c holds ${x5c.length} certificate${x5c.length === 1 ? "" : "s"}; Apple sends three (leaf, intermediate, root).`
        : "The header has no x5c certificate chain; Apple sends three certificates (leaf, intermediate, root).",
    );
  }
  // x5c[2] is only counted, as in Apple's library: the root is one of ours, never the token's.
  const leaf = certificateAt(x5c, 0, "leaf");
  const intermediate = certificateAt(x5c, 1, "intermediate");
  const root = roots.find(
    (candidate) => intermediate.issuer === candidate.subject && intermediate.verify(candidate.publicKey),
  );
  if (root === undefined) {
    throw new AppStoreRefusal(
      "ERR_APPSTORE_UNTRUSTED_ROOT",
      "The intermediate certificate is not issued and signed by Apple Root CA - G3 (nor by the CA certificate given).",
    );
  }
  if (leaf.issuer !== intermediate.subject || !leaf.verify(intermediate.publicKey)) {
    throw new AppStoreRefusal(
      "ERR_APPSTORE_CHAIN_BROKEN",
      "The leaf certificate is not issued and signed by the intermediate certificate.",
    );
  }
  if (!intermediate.ca) {
    throw new AppStoreRefusal("ERR_APPSTORE_CHAIN_BROKEN", "The intermediate certificate is not a CA.");
  }
  if (!hasExtension(leaf, LEAF_OID)) {
    throw new AppStoreRefusal(
      "ERR_APPSTORE_CERTIFICATE_PURPOSE",
      `The leaf certificate lacks Apple's extension ${LEAF_OID}: it is not for signing App Store data.`,
    );
  }
  if (!hasExtension(intermediate, INTERMEDIATE_OID)) {
    throw new AppStoreRefusal(
      "ERR_APPSTORE_CERTIFICATE_PURPOSE",
      `The intermediate certificate lacks Apple's extension ${INTERMEDIATE_OID}.`,
    );
  }
  // The signature before the dates: a changed signedDate is then told as an altered payload.
  let payload: Json;
  try {
    const key = importKey(leaf.publicKey);
    const verified = verifyJws(signed, key, {
      algorithms: ["ES256", "ES384", "ES512"],
      maxTokenBytes: MAX_SIGNED_BYTES,
    });
    payload = JSON.parse(Buffer.from(verified.payload).toString("utf8")) as Json;
  } catch (error) {
    if (isJwtError(error) && error.code === "ERR_JWS_SIGNATURE_INVALID") {
      throw new AppStoreRefusal(
        "ERR_JWS_SIGNATURE_INVALID",
        "The signature does not match the leaf certificate's key: the data was altered or forged.",
      );
    }
    if (isJwtError(error) && error.code in APP_STORE_REASON_CODES) {
      throw new AppStoreRefusal(error.code as AppStoreReasonCode, error.message);
    }
    if (isJwtError(error) && error.code === "ERR_KEY_INVALID") {
      throw new AppStoreRefusal("ERR_ALG_NOT_ALLOWED", "The leaf certificate's key is not an ECDSA key.");
    }
    throw new AppStoreRefusal("ERR_JWT_MALFORMED", "The signed data's payload is not JSON.");
  }
  const signedDate = payload.signedDate;
  if (signedDate !== undefined && (typeof signedDate !== "number" || !Number.isFinite(signedDate))) {
    throw new AppStoreRefusal("ERR_APPSTORE_PAYLOAD_UNKNOWN", "The payload's signedDate is not a number.");
  }
  // As the library does offline: at signedDate (milliseconds), or now when the data has none.
  const effective = typeof signedDate === "number" ? signedDate : clock();
  checkDates(leaf, "leaf", effective);
  checkDates(intermediate, "intermediate", effective);
  checkDates(root, "root", effective);
  return payload;
}

interface Expected {
  readonly bundleId: string;
  readonly environment: AppStoreEnvironment;
  readonly appAppleId: string | undefined;
}

function checkBundleId(actual: unknown, expected: Expected, where: string): void {
  if (actual !== expected.bundleId) {
    throw new AppStoreRefusal(
      "ERR_APPSTORE_BUNDLE_ID",
      `The ${where} is ${typeof actual === "string" ? shown(actual, 80) : "missing"}; expected ${shown(expected.bundleId, 80)} (bundle_id).`,
    );
  }
}

function checkEnvironment(actual: unknown, expected: Expected, where: string): void {
  if (actual !== expected.environment) {
    throw new AppStoreRefusal(
      "ERR_APPSTORE_ENVIRONMENT",
      `The ${where} is ${typeof actual === "string" ? shown(actual) : "missing"}; expected "${expected.environment}" (environment).`,
    );
  }
}

/** The app checks of each kind, as the library's verifyAndDecode* methods do them. */
function checkApp(kind: PayloadKind, payload: Json, expected: Expected): void {
  if (kind === "notification") {
    const app = notificationApp(payload);
    checkBundleId(app.bundleId, expected, "notification's bundleId");
    if (
      expected.environment === "Production" &&
      !(typeof app.appAppleId === "number" && String(app.appAppleId) === expected.appAppleId)
    ) {
      throw new AppStoreRefusal(
        "ERR_APPSTORE_APP_APPLE_ID",
        `The notification's appAppleId is ${typeof app.appAppleId === "number" ? app.appAppleId : "missing"}; expected ${expected.appAppleId ?? ""} (app_apple_id).`,
      );
    }
    checkEnvironment(app.environment, expected, "notification's environment");
  } else if (kind === "transaction") {
    checkBundleId(payload.bundleId, expected, "transaction's bundleId");
    checkEnvironment(payload.environment, expected, "transaction's environment");
  } else {
    // Renewal info carries no bundle ID: like the library, only its environment can be checked.
    checkEnvironment(payload.environment, expected, "renewal info's environment");
  }
}

function checkNested(
  signed: unknown,
  kind: "transaction" | "renewal-info",
  roots: readonly X509Certificate[],
  clock: Clock,
  expected: Expected,
): Json | undefined {
  if (signed === undefined) return undefined;
  const where = kind === "transaction" ? "data.signedTransactionInfo" : "data.signedRenewalInfo";
  const code =
    kind === "transaction" ? "ERR_APPSTORE_TRANSACTION_INVALID" : "ERR_APPSTORE_RENEWAL_INFO_INVALID";
  try {
    if (typeof signed !== "string") throw new AppStoreRefusal("ERR_JWT_MALFORMED", "It is not a text.");
    const payload = verifySignedData(signed, roots, clock);
    if (payloadKind(payload) !== kind) {
      throw new AppStoreRefusal(
        "ERR_APPSTORE_PAYLOAD_UNKNOWN",
        `It is not ${kind === "transaction" ? "a transaction" : "renewal info"}.`,
      );
    }
    checkApp(kind, payload, expected);
    return payload;
  } catch (error) {
    if (error instanceof AppStoreRefusal) {
      throw new AppStoreRefusal(
        code,
        `The notification's ${where} is refused (${error.code}): ${error.message}`,
      );
    }
    throw error;
  }
}

const INPUTS = defineInputs([
  {
    name: "signed_payload",
    caption: "Signed payload",
    type: "text",
    required: true,
    doc: 'The notification\'s signedPayload (the JSON body Apple posts, {"signedPayload": "..."}, is accepted too), or a signedTransactionInfo or signedRenewalInfo from the App Store Server API or the device: three base64url parts separated by dots.',
  },
  {
    name: "bundle_id",
    caption: "Bundle ID",
    type: "text",
    required: true,
    pattern: "^[A-Za-z0-9][A-Za-z0-9.-]*$",
    formDoc: "a bundle ID such as com.example.app",
    doc: "Your app's bundle ID, as in App Store Connect > App Information and Xcode (e.g. com.example.app). The data's bundleId must equal it.",
  },
  {
    name: "environment",
    caption: "Environment",
    type: "choice",
    required: true,
    options: APP_STORE_ENVIRONMENTS,
    doc: "Production or Sandbox: the data's environment must equal it. Xcode and LocalTesting data is never accepted (StoreKit testing signs it, not the App Store).",
  },
  {
    name: "app_apple_id",
    caption: "App Apple ID",
    type: "text",
    pattern: "^[0-9]{1,20}$",
    formDoc: "digits, such as 1234567890",
    doc: "Required for Production: your app's Apple ID (App Store Connect > App Information > Apple ID, digits only). A Production notification's appAppleId must equal it.",
  },
]);

const OUTPUTS = [
  ...verdictOutputs({
    valid: "Yes when the data was signed by the App Store for this app and environment.",
    reasons: "the App Store reason table, e.g. ERR_APPSTORE_ENVIRONMENT",
    subject: "data",
  }),
  {
    name: "payload_kind",
    type: "text",
    doc: "What was verified: notification, transaction or renewal-info.",
  },
  {
    name: "notification_type",
    type: "text",
    doc: "A notification's notificationType, e.g. SUBSCRIBED, DID_RENEW, EXPIRED, REFUND, TEST.",
  },
  { name: "subtype", type: "text", doc: "A notification's subtype, e.g. INITIAL_BUY, when it has one." },
  {
    name: "notification_uuid",
    type: "text",
    doc: "A notification's notificationUUID: store it and skip a notification already handled (Apple retries).",
  },
  { name: "environment", type: "text", doc: "The data's environment: Production or Sandbox." },
  { name: "bundle_id", type: "text", doc: "The data's bundle ID (a notification's data.bundleId)." },
  { name: "signed_date", type: "date", doc: "When the App Store signed the data (signedDate)." },
  {
    name: "original_transaction_id",
    type: "text",
    doc: "The originalTransactionId of the transaction (or renewal info): the key of a subscription across renewals.",
  },
  { name: "transaction_id", type: "text", doc: "The transaction's transactionId." },
  { name: "product_id", type: "text", doc: "The transaction's (or renewal info's) productId." },
  {
    name: "expires_date",
    type: "date",
    doc: "When the subscription of the transaction expires (expiresDate); empty for other products.",
  },
  {
    name: "transaction_json",
    type: "text",
    doc: "The verified transaction as JSON text: a notification's data.signedTransactionInfo, or the data itself when it is a transaction.",
  },
  {
    name: "renewal_info_json",
    type: "text",
    doc: "The verified renewal info as JSON text: a notification's data.signedRenewalInfo, or the data itself when it is renewal info.",
  },
  { name: "claims_json", type: "text", doc: "The verified payload of the signed data given, as JSON text." },
] as const;

interface AppStoreOutputs {
  valid: boolean;
  reason_code: AppStoreReasonCode | null;
  error: string | null;
  payload_kind: PayloadKind | null;
  notification_type: string | null;
  subtype: string | null;
  notification_uuid: string | null;
  environment: string | null;
  bundle_id: string | null;
  signed_date: Date | null;
  original_transaction_id: string | null;
  transaction_id: string | null;
  product_id: string | null;
  expires_date: Date | null;
  transaction_json: string | null;
  renewal_info_json: string | null;
  claims_json: string | null;
}

function refused(refusal: AppStoreRefusal): AppStoreOutputs {
  return refusedOutputs(OUTPUTS, refusal.code, refusal.message);
}

const text = (value: unknown): string | null => (typeof value === "string" ? value : null);
const date = (value: unknown): Date | null =>
  typeof value === "number" && Number.isFinite(value) ? new Date(value) : null;

/** The body Apple posts is {"signedPayload": "..."}: a pasted body is read for its member. */
function signedDataOf(given: string): string {
  const trimmed = given.trim();
  if (!trimmed.startsWith("{")) return trimmed;
  let body: unknown;
  try {
    body = JSON.parse(trimmed);
  } catch {
    throw refuseInput(
      "signed_payload",
      "starts with { but is not JSON",
      'Give the signedPayload value, or the whole body Apple posted ({"signedPayload": "..."}).',
    );
  }
  if (!isObject(body) || typeof body.signedPayload !== "string") {
    throw refuseInput(
      "signed_payload",
      "is a JSON object without a signedPayload text",
      'Give the signedPayload value, or the whole body Apple posted ({"signedPayload": "..."}).',
    );
  }
  return body.signedPayload;
}

export const appleAppStore = defineOperation({
  id: "apple-app-store",
  kind: "sign-in",
  takesExtraRoot: true,
  display: "Apple: verify App Store notification",
  provider: "Apple",
  summary:
    "Checks an App Store Server Notification V2 (signedPayload), a signed transaction or renewal info by Apple's rules: the x5c chain to Apple Root CA - G3, Apple's certificate markers, the ES256 signature, then the bundle ID, environment and app Apple ID; gives the notification type and the verified transaction.",
  inputs: INPUTS,
  outputs: OUTPUTS,
  // A real TEST notification the App Store signed for a Sandbox app (Request a Test Notification):
  // it verifies against the pinned root at its signedDate, today and in years, with no customer data.
  example: {
    signed_payload:
      "eyJhbGciOiJFUzI1NiIsIng1YyI6WyJNSUlFTURDQ0E3YWdBd0lCQWdJUWZUbGZkMGZOdkZXdnpDMVlJQU5zWGpBS0JnZ3Foa2pPUFFRREF6QjFNVVF3UWdZRFZRUURERHRCY0hCc1pTQlhiM0pzWkhkcFpHVWdSR1YyWld4dmNHVnlJRkpsYkdGMGFXOXVjeUJEWlhKMGFXWnBZMkYwYVc5dUlFRjFkR2h2Y21sMGVURUxNQWtHQTFVRUN3d0NSell4RXpBUkJnTlZCQW9NQ2tGd2NHeGxJRWx1WXk0eEN6QUpCZ05WQkFZVEFsVlRNQjRYRFRJek1Ea3hNakU1TlRFMU0xb1hEVEkxTVRBeE1URTVOVEUxTWxvd2daSXhRREErQmdOVkJBTU1OMUJ5YjJRZ1JVTkRJRTFoWXlCQmNIQWdVM1J2Y21VZ1lXNWtJR2xVZFc1bGN5QlRkRzl5WlNCU1pXTmxhWEIwSUZOcFoyNXBibWN4TERBcUJnTlZCQXNNSTBGd2NHeGxJRmR2Y214a2QybGtaU0JFWlhabGJHOXdaWElnVW1Wc1lYUnBiMjV6TVJNd0VRWURWUVFLREFwQmNIQnNaU0JKYm1NdU1Rc3dDUVlEVlFRR0V3SlZVekJaTUJNR0J5cUdTTTQ5QWdFR0NDcUdTTTQ5QXdFSEEwSUFCRUZFWWUvSnFUcXlRdi9kdFhrYXVESENTY1YxMjlGWVJWLzB4aUIyNG5DUWt6UWYzYXNISk9OUjVyMFJBMGFMdko0MzJoeTFTWk1vdXZ5ZnBtMjZqWFNqZ2dJSU1JSUNCREFNQmdOVkhSTUJBZjhFQWpBQU1COEdBMVVkSXdRWU1CYUFGRDh2bENOUjAxREptaWc5N2JCODVjK2xrR0taTUhBR0NDc0dBUVVGQndFQkJHUXdZakF0QmdnckJnRUZCUWN3QW9ZaGFIUjBjRG92TDJObGNuUnpMbUZ3Y0d4bExtTnZiUzkzZDJSeVp6WXVaR1Z5TURFR0NDc0dBUVVGQnpBQmhpVm9kSFJ3T2k4dmIyTnpjQzVoY0hCc1pTNWpiMjB2YjJOemNEQXpMWGQzWkhKbk5qQXlNSUlCSGdZRFZSMGdCSUlCRlRDQ0FSRXdnZ0VOQmdvcWhraUc5Mk5rQlFZQk1JSCtNSUhEQmdnckJnRUZCUWNDQWpDQnRneUJzMUpsYkdsaGJtTmxJRzl1SUhSb2FYTWdZMlZ5ZEdsbWFXTmhkR1VnWW5rZ1lXNTVJSEJoY25SNUlHRnpjM1Z0WlhNZ1lXTmpaWEIwWVc1alpTQnZaaUIwYUdVZ2RHaGxiaUJoY0hCc2FXTmhZbXhsSUhOMFlXNWtZWEprSUhSbGNtMXpJR0Z1WkNCamIyNWthWFJwYjI1eklHOW1JSFZ6WlN3Z1kyVnlkR2xtYVdOaGRHVWdjRzlzYVdONUlHRnVaQ0JqWlhKMGFXWnBZMkYwYVc5dUlIQnlZV04wYVdObElITjBZWFJsYldWdWRITXVNRFlHQ0NzR0FRVUZCd0lCRmlwb2RIUndPaTh2ZDNkM0xtRndjR3hsTG1OdmJTOWpaWEowYVdacFkyRjBaV0YxZEdodmNtbDBlUzh3SFFZRFZSME9CQllFRkFNczhQanM2VmhXR1FsekUyWk9FK0dYNE9vL01BNEdBMVVkRHdFQi93UUVBd0lIZ0RBUUJnb3Foa2lHOTJOa0Jnc0JCQUlGQURBS0JnZ3Foa2pPUFFRREF3Tm9BREJsQWpFQTh5Uk5kc2twNTA2REZkUExnaExMSndBdjVKOGhCR0xhSThERXhkY1BYK2FCS2pqTzhlVW85S3BmcGNOWVVZNVlBakFQWG1NWEVaTCtRMDJhZHJtbXNoTnh6M05uS20rb3VRd1U3dkJUbjBMdmxNN3ZwczJZc2xWVGFtUllMNGFTczVrPSIsIk1JSURGakNDQXB5Z0F3SUJBZ0lVSXNHaFJ3cDBjMm52VTRZU3ljYWZQVGp6Yk5jd0NnWUlLb1pJemowRUF3TXdaekViTUJrR0ExVUVBd3dTUVhCd2JHVWdVbTl2ZENCRFFTQXRJRWN6TVNZd0pBWURWUVFMREIxQmNIQnNaU0JEWlhKMGFXWnBZMkYwYVc5dUlFRjFkR2h2Y21sMGVURVRNQkVHQTFVRUNnd0tRWEJ3YkdVZ1NXNWpMakVMTUFrR0ExVUVCaE1DVlZNd0hoY05NakV3TXpFM01qQXpOekV3V2hjTk16WXdNekU1TURBd01EQXdXakIxTVVRd1FnWURWUVFERER0QmNIQnNaU0JYYjNKc1pIZHBaR1VnUkdWMlpXeHZjR1Z5SUZKbGJHRjBhVzl1Y3lCRFpYSjBhV1pwWTJGMGFXOXVJRUYxZEdodmNtbDBlVEVMTUFrR0ExVUVDd3dDUnpZeEV6QVJCZ05WQkFvTUNrRndjR3hsSUVsdVl5NHhDekFKQmdOVkJBWVRBbFZUTUhZd0VBWUhLb1pJemowQ0FRWUZLNEVFQUNJRFlnQUVic1FLQzk0UHJsV21aWG5YZ3R4emRWSkw4VDBTR1luZ0RSR3BuZ24zTjZQVDhKTUViN0ZEaTRiQm1QaENuWjMvc3E2UEYvY0djS1hXc0w1dk90ZVJoeUo0NXgzQVNQN2NPQithYW85MGZjcHhTdi9FWkZibmlBYk5nWkdoSWhwSW80SDZNSUgzTUJJR0ExVWRFd0VCL3dRSU1BWUJBZjhDQVFBd0h3WURWUjBqQkJnd0ZvQVV1N0Rlb1ZnemlKcWtpcG5ldnIzcnI5ckxKS3N3UmdZSUt3WUJCUVVIQVFFRU9qQTRNRFlHQ0NzR0FRVUZCekFCaGlwb2RIUndPaTh2YjJOemNDNWhjSEJzWlM1amIyMHZiMk56Y0RBekxXRndjR3hsY205dmRHTmhaek13TndZRFZSMGZCREF3TGpBc29DcWdLSVltYUhSMGNEb3ZMMk55YkM1aGNIQnNaUzVqYjIwdllYQndiR1Z5YjI5MFkyRm5NeTVqY213d0hRWURWUjBPQkJZRUZEOHZsQ05SMDFESm1pZzk3YkI4NWMrbGtHS1pNQTRHQTFVZER3RUIvd1FFQXdJQkJqQVFCZ29xaGtpRzkyTmtCZ0lCQkFJRkFEQUtCZ2dxaGtqT1BRUURBd05vQURCbEFqQkFYaFNxNUl5S29nTUNQdHc0OTBCYUI2NzdDYUVHSlh1ZlFCL0VxWkdkNkNTamlDdE9udU1UYlhWWG14eGN4ZmtDTVFEVFNQeGFyWlh2TnJreFUzVGtVTUkzM3l6dkZWVlJUNHd4V0pDOTk0T3NkY1o0K1JHTnNZRHlSNWdtZHIwbkRHZz0iLCJNSUlDUXpDQ0FjbWdBd0lCQWdJSUxjWDhpTkxGUzVVd0NnWUlLb1pJemowRUF3TXdaekViTUJrR0ExVUVBd3dTUVhCd2JHVWdVbTl2ZENCRFFTQXRJRWN6TVNZd0pBWURWUVFMREIxQmNIQnNaU0JEWlhKMGFXWnBZMkYwYVc5dUlFRjFkR2h2Y21sMGVURVRNQkVHQTFVRUNnd0tRWEJ3YkdVZ1NXNWpMakVMTUFrR0ExVUVCaE1DVlZNd0hoY05NVFF3TkRNd01UZ3hPVEEyV2hjTk16a3dORE13TVRneE9UQTJXakJuTVJzd0dRWURWUVFEREJKQmNIQnNaU0JTYjI5MElFTkJJQzBnUnpNeEpqQWtCZ05WQkFzTUhVRndjR3hsSUVObGNuUnBabWxqWVhScGIyNGdRWFYwYUc5eWFYUjVNUk13RVFZRFZRUUtEQXBCY0hCc1pTQkpibU11TVFzd0NRWURWUVFHRXdKVlV6QjJNQkFHQnlxR1NNNDlBZ0VHQlN1QkJBQWlBMklBQkpqcEx6MUFjcVR0a3lKeWdSTWMzUkNWOGNXalRuSGNGQmJaRHVXbUJTcDNaSHRmVGpqVHV4eEV0WC8xSDdZeVlsM0o2WVJiVHpCUEVWb0EvVmhZREtYMUR5eE5CMGNUZGRxWGw1ZHZNVnp0SzUxN0lEdll1VlRaWHBta09sRUtNYU5DTUVBd0hRWURWUjBPQkJZRUZMdXczcUZZTTRpYXBJcVozcjY5NjYvYXl5U3JNQThHQTFVZEV3RUIvd1FGTUFNQkFmOHdEZ1lEVlIwUEFRSC9CQVFEQWdFR01Bb0dDQ3FHU000OUJBTURBMmdBTUdVQ01RQ0Q2Y0hFRmw0YVhUUVkyZTN2OUd3T0FFWkx1Tit5UmhIRkQvM21lb3locG12T3dnUFVuUFdUeG5TNGF0K3FJeFVDTUcxbWloREsxQTNVVDgyTlF6NjBpbU9sTTI3amJkb1h0MlFmeUZNbStZaGlkRGtMRjF2TFVhZ002QmdENTZLeUtBPT0iXX0.eyJub3RpZmljYXRpb25UeXBlIjoiVEVTVCIsIm5vdGlmaWNhdGlvblVVSUQiOiI1OTI3NTFlZi1jMWI4LTQ3ZmMtOTI5ZS1kNjJkZWU2NmRmNGMiLCJkYXRhIjp7ImJ1bmRsZUlkIjoiY29tLmxva2ktcHJvamVjdC5sb2tpLW1lc3NlbmdlciIsImVudmlyb25tZW50IjoiU2FuZGJveCJ9LCJ2ZXJzaW9uIjoiMi4wIiwic2lnbmVkRGF0ZSI6MTc1NzAzNTQ3MjY4Nn0.n9l9_ZitkGs2x0-ByhW9fgGWFLgLpSanCEwkzbX2B4C92s5bV-rhB0JtxBLmmyAlUnH7jhVILoGalp-Xnz_qRg",
    bundle_id: "com.loki-project.loki-messenger",
    environment: "Sandbox",
  },
  rules: [
    {
      rule: "The signedPayload is a JWS (RFC 7515) whose decoded payload is the responseBodyV2DecodedPayload; its data holds the app's bundleId, appAppleId and environment, and the nested signedTransactionInfo and signedRenewalInfo, each a JWS of its own.",
      source: "https://developer.apple.com/documentation/appstoreservernotifications/responsebodyv2",
    },
    {
      rule: "The header's x5c holds the certificate chain of the signing key (leaf, intermediate, Apple root); Apple's root and intermediate certificates are published at Apple PKI.",
      source: "https://developer.apple.com/documentation/appstoreservernotifications/jwsdecodedheader",
    },
    {
      rule: "x5c holds exactly three certificates; the intermediate is signed by a trusted root (here Apple Root CA - G3, SHA-256 63:34:3A:...:91:79, shipped and pinned; never x5c[2]) with issuer equal to the root's subject; the leaf is signed by the intermediate with issuer equal to its subject; the intermediate is a CA.",
      source:
        "jws_verification.ts verifyJWT and verifyCertificateChainWithoutCaching (apple/app-store-server-library-node)",
    },
    {
      rule: `The leaf has the extension ${LEAF_OID} and the intermediate ${INTERMEDIATE_OID}; leaf, intermediate and root are valid at the payload's signedDate (milliseconds) with 60 s either side; the signature verifies with the leaf's key.`,
      source:
        "jws_verification.ts verifyCertificateChainWithoutCaching and checkDates (apple/app-store-server-library-node)",
    },
    {
      rule: "A notification's bundleId (under data, summary, appData or externalPurchaseToken) equals the app's, its appAppleId too in Production, and its environment the one expected; a transaction's bundleId and environment; renewal info's environment.",
      source:
        "jws_verification.ts verifyAndDecodeNotification, verifyAndDecodeTransaction and verifyAndDecodeRenewalInfo (apple/app-store-server-library-node)",
    },
    {
      rule: "Data whose environment is Xcode or LocalTesting is signed by StoreKit testing, not the App Store (Apple's library returns it unverified): it is refused.",
      source:
        "jws_verification.ts verifyJWT (apple/app-store-server-library-node); https://developer.apple.com/documentation/appstoreservernotifications/environment",
    },
  ],
  source: import.meta.url,
  endpoints: {},
  reasonCodes: APP_STORE_REASON_CODES,
  run(values, context: OperationContext): AppStoreOutputs {
    const environment = values.environment as AppStoreEnvironment;
    const appAppleId = values.app_apple_id;
    if (environment === "Production" && (appAppleId === undefined || appAppleId === "")) {
      throw refuseInput(
        "app_apple_id",
        "is missing",
        "Production data is checked against your app's Apple ID: give it (App Store Connect > App Information > Apple ID, digits only).",
        "missing",
      );
    }
    const expected: Expected = {
      bundleId: values.bundle_id,
      environment,
      appAppleId: appAppleId === "" ? undefined : appAppleId,
    };
    const signed = signedDataOf(values.signed_payload);
    const roots = trustedRoots(context.ca);
    try {
      const payload = verifySignedData(signed, roots, context.clock);
      const kind = payloadKind(payload);
      if (kind === undefined) {
        throw new AppStoreRefusal(
          "ERR_APPSTORE_PAYLOAD_UNKNOWN",
          "The verified payload is not a notification, a transaction or renewal info.",
        );
      }
      checkApp(kind, payload, expected);
      const data = kind === "notification" && isObject(payload.data) ? payload.data : undefined;
      const transaction =
        kind === "transaction"
          ? payload
          : checkNested(data?.signedTransactionInfo, "transaction", roots, context.clock, expected);
      const renewal =
        kind === "renewal-info"
          ? payload
          : checkNested(data?.signedRenewalInfo, "renewal-info", roots, context.clock, expected);
      const app = kind === "notification" ? notificationApp(payload) : payload;
      return {
        valid: true,
        reason_code: null,
        error: null,
        payload_kind: kind,
        notification_type: kind === "notification" ? text(payload.notificationType) : null,
        subtype: kind === "notification" ? text(payload.subtype) : null,
        notification_uuid: kind === "notification" ? text(payload.notificationUUID) : null,
        environment: text(app.environment),
        bundle_id: text(app.bundleId) ?? text(transaction?.bundleId),
        signed_date: date(payload.signedDate),
        original_transaction_id:
          text(transaction?.originalTransactionId) ?? text(renewal?.originalTransactionId),
        transaction_id: text(transaction?.transactionId),
        product_id: text(transaction?.productId) ?? text(renewal?.productId),
        expires_date: date(transaction?.expiresDate),
        transaction_json: transaction === undefined ? null : JSON.stringify(transaction),
        renewal_info_json: renewal === undefined ? null : JSON.stringify(renewal),
        claims_json: JSON.stringify(payload),
      };
    } catch (error) {
      if (error instanceof AppStoreRefusal) return refused(error);
      throw error;
    }
  },
});
