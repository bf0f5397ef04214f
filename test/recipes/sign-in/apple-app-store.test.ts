// apple-app-store: App Store Server Notifications V2, signed transactions and renewal info checked by
// Apple's rules. A real TEST notification the App Store signed verifies against the shipped Apple Root
// CA - G3; every other case uses a test PKI made by openssl (app-store-pki.ts), trusted only through the
// explicit `ca` option, with a frozen clock. Apple's own library on the same data: test/oracles.
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { before, describe, it } from "node:test";
import { fixedClock, isJwtError } from "../../../src/jwt/index.js";
import { runOperation } from "../../../src/recipes/index.js";
import {
  APP_STORE_REASON_CODES,
  APPLE_ROOT_CA_G3_SHA256,
  appleAppStore,
  certificateExtensionOids,
} from "../../../src/recipes/sign-in/apple-app-store.js";
import {
  APP_APPLE_ID,
  type AppStorePki,
  BUNDLE_ID,
  type Issued,
  makeAppStorePki,
  notificationPayload,
  renewalPayload,
  SIGNED_DATE,
  signAppStore,
  transactionPayload,
} from "./app-store-pki.js";

// Long after every certificate's validity: the dates are checked at signedDate, never at "now".
const clock = fixedClock(new Date("2031-05-06T07:08:09Z"));

type Outputs = Record<string, unknown>;

let pki: AppStorePki;
let chain: readonly [Issued, Issued, Issued];

before(() => {
  pki = makeAppStorePki();
  chain = [pki.leaf, pki.intermediate, pki.root];
});

/** Runs the check trusting the test root through the explicit `ca` option (null: Apple's root alone). */
function check(input: Record<string, unknown>, ca: string | null = pki.root.pem): Promise<Outputs> {
  return runOperation(
    "apple-app-store",
    { bundle_id: BUNDLE_ID, environment: "Sandbox", ...input },
    { clock, ...(ca === null ? {} : { ca }) },
  );
}

async function refused(result: Promise<Outputs>, code: keyof typeof APP_STORE_REASON_CODES, signed?: string) {
  const outputs = await result;
  assert.equal(outputs.valid, false, `expected ${code}, got valid`);
  assert.equal(outputs.reason_code, code, String(outputs.error));
  const error = String(outputs.error ?? "");
  assert.ok(error.length > 0);
  if (signed !== undefined) {
    for (const part of signed.split("."))
      assert.ok(!error.includes(part.slice(0, 16)), "no part of the data");
  }
  for (const name of ["payload_kind", "notification_type", "transaction_json", "claims_json", "bundle_id"]) {
    assert.equal(outputs[name], null, name);
  }
  return outputs;
}

function tamperPayload(signed: string, change: (payload: Record<string, unknown>) => void): string {
  const [header, body, signature] = signed.split(".");
  const payload = JSON.parse(Buffer.from(body ?? "", "base64url").toString("utf8"));
  change(payload);
  return [header, Buffer.from(JSON.stringify(payload)).toString("base64url"), signature].join(".");
}

describe("apple-app-store: Apple's own signed data", () => {
  it("ships Apple Root CA - G3 with the pinned fingerprint", () => {
    assert.equal(
      APPLE_ROOT_CA_G3_SHA256,
      "63:34:3A:BF:B8:9A:6A:03:EB:B5:7E:9B:3F:5F:A7:BE:7C:4F:5C:75:6F:30:17:B3:A8:C4:88:C3:65:3E:91:79",
    );
  });

  it("accepts the example, a TEST notification the App Store signed, with no extra root", async () => {
    const outputs = await runOperation("apple-app-store", appleAppStore.example as Record<string, unknown>, {
      clock,
    });
    assert.equal(outputs.valid, true, String(outputs.error));
    assert.equal(outputs.payload_kind, "notification");
    assert.equal(outputs.notification_type, "TEST");
    assert.equal(outputs.notification_uuid, "592751ef-c1b8-47fc-929e-d62dee66df4c");
    assert.equal(outputs.environment, "Sandbox");
    assert.equal(outputs.bundle_id, "com.loki-project.loki-messenger");
    assert.deepEqual(outputs.signed_date, new Date(1757035472686));
    assert.equal(outputs.transaction_json, null);
  });

  it("reads Apple's marker extension from the real leaf with its own DER reader", () => {
    const signed = String(appleAppStore.example.signed_payload);
    const header = JSON.parse(Buffer.from(signed.split(".")[0] ?? "", "base64url").toString("utf8"));
    const leaf = Buffer.from(header.x5c[0], "base64");
    const intermediate = Buffer.from(header.x5c[1], "base64");
    assert.ok(certificateExtensionOids(leaf).has("1.2.840.113635.100.6.11.1"));
    assert.ok(certificateExtensionOids(intermediate).has("1.2.840.113635.100.6.2.1"));
    assert.ok(certificateExtensionOids(leaf).has("2.5.29.19"), "basicConstraints too");
    assert.ok(!certificateExtensionOids(intermediate).has("1.2.840.113635.100.6.11.1"));
    // The real root, checked against the pin through node:crypto.
    assert.equal(
      new X509Certificate(Buffer.from(header.x5c[2], "base64")).fingerprint256,
      APPLE_ROOT_CA_G3_SHA256,
    );
  });

  it("refuses the real notification checked as another app, or as Production", async () => {
    const example = appleAppStore.example as Record<string, unknown>;
    await refused(
      runOperation("apple-app-store", { ...example, bundle_id: "com.example.other" }, { clock }),
      "ERR_APPSTORE_BUNDLE_ID",
    );
    await refused(
      runOperation(
        "apple-app-store",
        { ...example, environment: "Production", app_apple_id: "1" },
        { clock },
      ),
      "ERR_APPSTORE_APP_APPLE_ID",
    );
  });

  it("never trusts a test root without the explicit ca option", async () => {
    const signed = signAppStore(notificationPayload("Sandbox"), chain);
    await refused(check({ signed_payload: signed }, null), "ERR_APPSTORE_UNTRUSTED_ROOT", signed);
  });
});

describe("apple-app-store: a notification with its transaction and renewal info", () => {
  it("verifies the notification and both nested JWS, and gives their fields", async () => {
    const transaction = transactionPayload("Sandbox");
    const renewal = renewalPayload("Sandbox");
    const signed = signAppStore(
      notificationPayload("Sandbox", {
        signedTransactionInfo: signAppStore(transaction, chain),
        signedRenewalInfo: signAppStore(renewal, chain),
      }),
      chain,
    );
    const outputs = await check({ signed_payload: signed });
    assert.equal(outputs.valid, true, String(outputs.error));
    assert.equal(outputs.reason_code, null);
    assert.equal(outputs.payload_kind, "notification");
    assert.equal(outputs.notification_type, "SUBSCRIBED");
    assert.equal(outputs.subtype, "INITIAL_BUY");
    assert.equal(outputs.environment, "Sandbox");
    assert.equal(outputs.bundle_id, BUNDLE_ID);
    assert.deepEqual(outputs.signed_date, new Date(SIGNED_DATE));
    assert.equal(outputs.original_transaction_id, transaction.originalTransactionId);
    assert.equal(outputs.transaction_id, transaction.transactionId);
    assert.equal(outputs.product_id, transaction.productId);
    assert.deepEqual(outputs.expires_date, new Date(transaction.expiresDate));
    assert.deepEqual(JSON.parse(String(outputs.transaction_json)), transaction);
    assert.deepEqual(JSON.parse(String(outputs.renewal_info_json)), renewal);
    assert.equal(JSON.parse(String(outputs.claims_json)).notificationType, "SUBSCRIBED");
  });

  it('accepts the whole body Apple posts, {"signedPayload": ...}', async () => {
    const signed = signAppStore(notificationPayload("Sandbox"), chain);
    const outputs = await check({ signed_payload: JSON.stringify({ signedPayload: signed }) });
    assert.equal(outputs.valid, true, String(outputs.error));
  });

  it("checks Production notifications against app_apple_id, and requires it", async () => {
    const signed = signAppStore(notificationPayload("Production"), chain);
    const outputs = await check({
      signed_payload: signed,
      environment: "Production",
      app_apple_id: String(APP_APPLE_ID),
    });
    assert.equal(outputs.valid, true, String(outputs.error));
    await refused(
      check({ signed_payload: signed, environment: "Production", app_apple_id: "999" }),
      "ERR_APPSTORE_APP_APPLE_ID",
    );
    const withoutId = signAppStore(notificationPayload("Production", { appAppleId: undefined }), chain);
    await refused(
      check({ signed_payload: withoutId, environment: "Production", app_apple_id: String(APP_APPLE_ID) }),
      "ERR_APPSTORE_APP_APPLE_ID",
    );
    await assert.rejects(
      check({ signed_payload: signed, environment: "Production" }),
      (error) =>
        isJwtError(error, "ERR_INPUT_RULE") &&
        /app_apple_id/.test(String((error as { option?: string }).option)),
    );
  });

  it("refuses a wrong bundle ID and a wrong environment", async () => {
    const signed = signAppStore(notificationPayload("Sandbox"), chain);
    await refused(
      check({ signed_payload: signed, bundle_id: "com.example.other" }),
      "ERR_APPSTORE_BUNDLE_ID",
    );
    await refused(
      check({ signed_payload: signed, environment: "Production", app_apple_id: String(APP_APPLE_ID) }),
      "ERR_APPSTORE_ENVIRONMENT",
    );
  });

  it("refuses Xcode and LocalTesting data, signed or not", async () => {
    for (const environment of ["Xcode", "LocalTesting"]) {
      const signed = signAppStore(notificationPayload(environment), chain);
      await refused(check({ signed_payload: signed }), "ERR_APPSTORE_LOCAL_ENVIRONMENT");
      const unsigned = signAppStore(transactionPayload(environment), [pki.leaf]);
      await refused(check({ signed_payload: unsigned }), "ERR_APPSTORE_LOCAL_ENVIRONMENT");
    }
    await assert.rejects(check({ signed_payload: "a.b.c", environment: "Xcode" }), (error) =>
      isJwtError(error, "ERR_OPTION_INVALID"),
    );
  });

  it("refuses a tampered payload, and a tampered nested transaction or renewal info", async () => {
    const transaction = signAppStore(transactionPayload("Sandbox"), chain);
    const renewal = signAppStore(renewalPayload("Sandbox"), chain);
    const signed = signAppStore(
      notificationPayload("Sandbox", { signedTransactionInfo: transaction, signedRenewalInfo: renewal }),
      chain,
    );
    const tampered = tamperPayload(signed, (payload) => {
      payload.notificationType = "REFUND";
    });
    await refused(check({ signed_payload: tampered }), "ERR_JWS_SIGNATURE_INVALID", tampered);
    const dated = tamperPayload(signed, (payload) => {
      payload.signedDate = Date.parse("2020-06-01T00:00:00Z");
    });
    await refused(check({ signed_payload: dated }), "ERR_JWS_SIGNATURE_INVALID");

    const forgedTransaction = tamperPayload(transaction, (payload) => {
      payload.productId = "com.example.app.lifetime";
    });
    const withForgedTransaction = signAppStore(
      notificationPayload("Sandbox", { signedTransactionInfo: forgedTransaction }),
      chain,
    );
    const outputs = await refused(
      check({ signed_payload: withForgedTransaction }),
      "ERR_APPSTORE_TRANSACTION_INVALID",
    );
    assert.match(String(outputs.error), /signedTransactionInfo.*ERR_JWS_SIGNATURE_INVALID/);

    const forgedRenewal = tamperPayload(renewal, (payload) => {
      payload.autoRenewStatus = 0;
    });
    await refused(
      check({
        signed_payload: signAppStore(
          notificationPayload("Sandbox", { signedRenewalInfo: forgedRenewal }),
          chain,
        ),
      }),
      "ERR_APPSTORE_RENEWAL_INFO_INVALID",
    );
    // A genuine transaction of another app or environment inside a genuine notification.
    const otherApp = signAppStore(transactionPayload("Sandbox", { bundleId: "com.example.other" }), chain);
    await refused(
      check({
        signed_payload: signAppStore(
          notificationPayload("Sandbox", { signedTransactionInfo: otherApp }),
          chain,
        ),
      }),
      "ERR_APPSTORE_TRANSACTION_INVALID",
    );
    const production = signAppStore(transactionPayload("Production"), chain);
    await refused(
      check({
        signed_payload: signAppStore(
          notificationPayload("Sandbox", { signedTransactionInfo: production }),
          chain,
        ),
      }),
      "ERR_APPSTORE_TRANSACTION_INVALID",
    );
  });
});

describe("apple-app-store: the certificate chain", () => {
  const payload = () => notificationPayload("Sandbox");

  it("refuses an x5c that is missing or not of three certificates", async () => {
    for (const x5c of [
      undefined,
      [],
      [chain[0].base64, chain[1].base64],
      [...chain.map((c) => c.base64), chain[2].base64],
      "MIIB",
    ]) {
      const signed = signAppStore(payload(), chain, { x5c });
      await refused(check({ signed_payload: signed }), "ERR_APPSTORE_CHAIN_LENGTH");
    }
  });

  it("refuses x5c entries that are not certificates", async () => {
    await refused(
      check({
        signed_payload: signAppStore(payload(), chain, {
          x5c: ["bm90IGEgY2VydA==", chain[1].base64, chain[2].base64],
        }),
      }),
      "ERR_APPSTORE_CERTIFICATE_INVALID",
    );
    await refused(
      check({
        signed_payload: signAppStore(payload(), chain, {
          x5c: [chain[0].base64, "not base64!", chain[2].base64],
        }),
      }),
      "ERR_APPSTORE_CERTIFICATE_INVALID",
    );
  });

  it("refuses a chain under another root, even when the token carries that root", async () => {
    const other = [pki.otherLeaf, pki.otherIntermediate, pki.otherRoot] as const;
    await refused(check({ signed_payload: signAppStore(payload(), other) }), "ERR_APPSTORE_UNTRUSTED_ROOT");
    // Same names, other key: the intermediate does not verify against the trusted root.
    await refused(
      check({ signed_payload: signAppStore(payload(), [pki.otherLeaf, pki.otherIntermediate, pki.root]) }),
      "ERR_APPSTORE_UNTRUSTED_ROOT",
    );
  });

  it("ignores x5c[2] as Apple's library does: the trusted root decides", async () => {
    const signed = signAppStore(payload(), chain, {
      x5c: [chain[0].base64, chain[1].base64, pki.otherRoot.base64],
    });
    assert.equal((await check({ signed_payload: signed })).valid, true);
  });

  it("refuses a leaf not issued by the intermediate, and an intermediate that is not a CA", async () => {
    await refused(
      check({ signed_payload: signAppStore(payload(), [pki.otherLeaf, pki.intermediate, pki.root]) }),
      "ERR_APPSTORE_CHAIN_BROKEN",
    );
    await refused(
      check({
        signed_payload: signAppStore(payload(), [
          pki.leafUnderIntermediateNotCa,
          pki.intermediateNotCa,
          pki.root,
        ]),
      }),
      "ERR_APPSTORE_CHAIN_BROKEN",
    );
  });

  it("refuses a leaf or an intermediate without Apple's marker extension", async () => {
    await refused(
      check({ signed_payload: signAppStore(payload(), [pki.leafWithoutOid, pki.intermediate, pki.root]) }),
      "ERR_APPSTORE_CERTIFICATE_PURPOSE",
    );
    await refused(
      check({
        signed_payload: signAppStore(payload(), [
          pki.leafUnderIntermediateWithoutOid,
          pki.intermediateWithoutOid,
          pki.root,
        ]),
      }),
      "ERR_APPSTORE_CERTIFICATE_PURPOSE",
    );
  });

  it("checks validity at signedDate with 60 s either side, not at the clock", async () => {
    await refused(
      check({ signed_payload: signAppStore(payload(), [pki.expiredLeaf, pki.intermediate, pki.root]) }),
      "ERR_APPSTORE_CERTIFICATE_EXPIRED",
    );
    const start = Date.parse("2026-01-01T00:00:00Z");
    const early = (at: number) => signAppStore(notificationPayload("Sandbox", {}, { signedDate: at }), chain);
    assert.equal((await check({ signed_payload: early(start - 60_000) })).valid, true);
    await refused(check({ signed_payload: early(start - 61_000) }), "ERR_APPSTORE_CERTIFICATE_EXPIRED");
    const end = Date.parse("2028-01-01T00:00:00Z");
    assert.equal((await check({ signed_payload: early(end + 60_000) })).valid, true);
    await refused(check({ signed_payload: early(end + 61_000) }), "ERR_APPSTORE_CERTIFICATE_EXPIRED");
    // Without signedDate, the clock: 2031 is past every certificate here.
    const undated = signAppStore(notificationPayload("Sandbox", {}, { signedDate: undefined }), chain);
    await refused(check({ signed_payload: undated }), "ERR_APPSTORE_CERTIFICATE_EXPIRED");
    const inside = await runOperation(
      "apple-app-store",
      { signed_payload: undated, bundle_id: BUNDLE_ID, environment: "Sandbox" },
      { clock: fixedClock(new Date(SIGNED_DATE)), ca: pki.root.pem },
    );
    assert.equal(inside.valid, true);
  });
});

describe("apple-app-store: transactions and renewal info given alone", () => {
  it("verifies a signed transaction: bundleId and environment", async () => {
    const transaction = transactionPayload("Sandbox");
    const outputs = await check({ signed_payload: signAppStore(transaction, chain) });
    assert.equal(outputs.valid, true, String(outputs.error));
    assert.equal(outputs.payload_kind, "transaction");
    assert.equal(outputs.notification_type, null);
    assert.equal(outputs.transaction_id, transaction.transactionId);
    assert.deepEqual(JSON.parse(String(outputs.transaction_json)), transaction);
    await refused(
      check({
        signed_payload: signAppStore(transactionPayload("Sandbox", { bundleId: "com.other" }), chain),
      }),
      "ERR_APPSTORE_BUNDLE_ID",
    );
    await refused(
      check({ signed_payload: signAppStore(transactionPayload("Production"), chain) }),
      "ERR_APPSTORE_ENVIRONMENT",
    );
  });

  it("verifies renewal info: its environment (it carries no bundle ID)", async () => {
    const renewal = renewalPayload("Production");
    const outputs = await check({
      signed_payload: signAppStore(renewal, chain),
      environment: "Production",
      app_apple_id: String(APP_APPLE_ID),
    });
    assert.equal(outputs.valid, true, String(outputs.error));
    assert.equal(outputs.payload_kind, "renewal-info");
    assert.equal(outputs.original_transaction_id, renewal.originalTransactionId);
    assert.deepEqual(JSON.parse(String(outputs.renewal_info_json)), renewal);
    await refused(check({ signed_payload: signAppStore(renewal, chain) }), "ERR_APPSTORE_ENVIRONMENT");
  });

  it("refuses signed data of another kind, and data that is not a JWS", async () => {
    await refused(
      check({
        signed_payload: signAppStore(
          { receiptType: "Sandbox", bundleId: BUNDLE_ID, signedDate: SIGNED_DATE },
          chain,
        ),
      }),
      "ERR_APPSTORE_PAYLOAD_UNKNOWN",
    );
    await refused(check({ signed_payload: "not-a-jws" }), "ERR_JWT_MALFORMED");
    await refused(check({ signed_payload: "e30.e30" }), "ERR_JWT_MALFORMED");
    await refused(check({ signed_payload: `${"a".repeat(300 * 1024)}.b.c` }), "ERR_TOKEN_TOO_LARGE");
    await assert.rejects(check({ signed_payload: '{"notSignedPayload": 1}' }), (error) =>
      isJwtError(error, "ERR_INPUT_RULE"),
    );
  });

  it("refuses a CA option that holds no readable certificate", async () => {
    const signed = signAppStore(notificationPayload("Sandbox"), chain);
    await assert.rejects(
      check({ signed_payload: signed }, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----"),
      (error) => isJwtError(error, "ERR_INPUT_RULE"),
    );
  });

  it("gives every reason code a when and a check", () => {
    for (const [code, entry] of Object.entries(APP_STORE_REASON_CODES)) {
      assert.ok(entry.when.length > 20 && entry.check.length > 10, code);
    }
  });
});

it("docs/recipes.md's App Store section names every input, output and reason code", () => {
  const docs = readFileSync(new URL("../../../docs/recipes.md", import.meta.url), "utf8");
  const start = docs.indexOf("### Apple App Store: notifications");
  assert.ok(start > 0, "the section exists");
  const section = docs.slice(start, docs.indexOf("\n## ", start));
  for (const spec of [...appleAppStore.inputs, ...appleAppStore.outputs]) {
    assert.ok(section.includes(`\`${spec.name}\``), spec.name);
  }
  for (const code of Object.keys(APP_STORE_REASON_CODES))
    assert.ok(section.includes(`| \`${code}\` |`), code);
});
