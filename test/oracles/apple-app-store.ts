// The apple-app-store check against Apple's own SignedDataVerifier (@apple/app-store-server-library,
// online checks off, so it checks the certificates at signedDate as we do): on the same signed data,
// both accept or both refuse. The data is made by the test PKI of test/recipes/sign-in/app-store-pki.ts;
// the library trusts its root as [rootDER], we trust it through the explicit `ca` option. The real
// TEST notification of the example goes through both with Apple Root CA - G3. apple-app-store.test.ts
// loads this file when test/oracles/node_modules is installed.
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { before, describe, it } from "node:test";
import { Environment, SignedDataVerifier } from "@apple/app-store-server-library";
import { fixedClock } from "../../src/jwt/index.js";
import { runOperation } from "../../src/recipes/index.js";
import { appleAppStore } from "../../src/recipes/sign-in/apple-app-store.js";
import {
  APP_APPLE_ID,
  type AppStorePki,
  BUNDLE_ID,
  type Issued,
  makeAppStorePki,
  notificationPayload,
  renewalPayload,
  signAppStore,
  transactionPayload,
} from "../recipes/sign-in/app-store-pki.js";

type Kind = "notification" | "transaction" | "renewal";
type Env = "Sandbox" | "Production";

interface Case {
  readonly name: string;
  readonly signed: string;
  readonly kind: Kind;
  readonly environment: Env;
  readonly bundleId?: string;
  readonly appAppleId?: number;
}

const clock = fixedClock(new Date("2031-05-06T07:08:09Z"));

function tamper(signed: string, change: (payload: Record<string, unknown>) => void): string {
  const [header, body, signature] = signed.split(".");
  const payload = JSON.parse(Buffer.from(body ?? "", "base64url").toString("utf8"));
  change(payload);
  return [header, Buffer.from(JSON.stringify(payload)).toString("base64url"), signature].join(".");
}

async function theirs(one: Case, roots: Buffer[]): Promise<boolean> {
  const verifier = new SignedDataVerifier(
    roots,
    false,
    one.environment === "Production" ? Environment.PRODUCTION : Environment.SANDBOX,
    one.bundleId ?? BUNDLE_ID,
    one.environment === "Production" ? (one.appAppleId ?? APP_APPLE_ID) : undefined,
  );
  try {
    if (one.kind === "notification") {
      const decoded = await verifier.verifyAndDecodeNotification(one.signed);
      // A backend verifies the nested data too, each with the same verifier.
      if (decoded.data?.signedTransactionInfo !== undefined) {
        await verifier.verifyAndDecodeTransaction(decoded.data.signedTransactionInfo);
      }
      if (decoded.data?.signedRenewalInfo !== undefined) {
        await verifier.verifyAndDecodeRenewalInfo(decoded.data.signedRenewalInfo);
      }
    } else if (one.kind === "transaction") {
      await verifier.verifyAndDecodeTransaction(one.signed);
    } else {
      await verifier.verifyAndDecodeRenewalInfo(one.signed);
    }
    return true;
  } catch {
    return false;
  }
}

async function ours(one: Case, ca: string | undefined): Promise<{ valid: boolean; reason: unknown }> {
  const outputs = await runOperation(
    "apple-app-store",
    {
      signed_payload: one.signed,
      bundle_id: one.bundleId ?? BUNDLE_ID,
      environment: one.environment,
      ...(one.environment === "Production" ? { app_apple_id: String(one.appAppleId ?? APP_APPLE_ID) } : {}),
    },
    { clock, ...(ca === undefined ? {} : { ca }) },
  );
  return { valid: outputs.valid === true, reason: outputs.reason_code };
}

function cases(pki: AppStorePki): { accepted: Case[]; refused: Case[] } {
  const chain: readonly Issued[] = [pki.leaf, pki.intermediate, pki.root];
  const sign = (payload: unknown, with_: readonly Issued[] = chain) => signAppStore(payload, with_);
  const transaction = sign(transactionPayload("Sandbox"));
  const renewal = sign(renewalPayload("Sandbox"));
  const full = sign(
    notificationPayload("Sandbox", { signedTransactionInfo: transaction, signedRenewalInfo: renewal }),
  );
  const accepted: Case[] = [
    {
      name: "a Sandbox notification",
      signed: sign(notificationPayload("Sandbox")),
      kind: "notification",
      environment: "Sandbox",
    },
    {
      name: "a notification with its transaction and renewal info",
      signed: full,
      kind: "notification",
      environment: "Sandbox",
    },
    {
      name: "a Production notification",
      signed: sign(notificationPayload("Production")),
      kind: "notification",
      environment: "Production",
    },
    { name: "a transaction", signed: transaction, kind: "transaction", environment: "Sandbox" },
    { name: "renewal info", signed: renewal, kind: "renewal", environment: "Sandbox" },
    {
      name: "x5c[2] another root (only counted)",
      signed: signAppStore(notificationPayload("Sandbox"), chain, {
        x5c: [pki.leaf.base64, pki.intermediate.base64, pki.otherRoot.base64],
      }),
      kind: "notification",
      environment: "Sandbox",
    },
  ];
  const refused: Case[] = [
    {
      name: "x5c of two",
      signed: signAppStore(notificationPayload("Sandbox"), chain, {
        x5c: [pki.leaf.base64, pki.intermediate.base64],
      }),
      kind: "notification",
      environment: "Sandbox",
    },
    {
      name: "another root",
      signed: sign(notificationPayload("Sandbox"), [pki.otherLeaf, pki.otherIntermediate, pki.otherRoot]),
      kind: "notification",
      environment: "Sandbox",
    },
    {
      name: "a leaf without Apple's marker",
      signed: sign(notificationPayload("Sandbox"), [pki.leafWithoutOid, pki.intermediate, pki.root]),
      kind: "notification",
      environment: "Sandbox",
    },
    {
      name: "an intermediate without Apple's marker",
      signed: sign(notificationPayload("Sandbox"), [
        pki.leafUnderIntermediateWithoutOid,
        pki.intermediateWithoutOid,
        pki.root,
      ]),
      kind: "notification",
      environment: "Sandbox",
    },
    {
      name: "an intermediate that is not a CA",
      signed: sign(notificationPayload("Sandbox"), [
        pki.leafUnderIntermediateNotCa,
        pki.intermediateNotCa,
        pki.root,
      ]),
      kind: "notification",
      environment: "Sandbox",
    },
    {
      name: "a leaf expired at signedDate",
      signed: sign(notificationPayload("Sandbox"), [pki.expiredLeaf, pki.intermediate, pki.root]),
      kind: "notification",
      environment: "Sandbox",
    },
    {
      name: "a tampered payload",
      signed: tamper(sign(notificationPayload("Sandbox")), (payload) => {
        payload.notificationType = "REFUND";
      }),
      kind: "notification",
      environment: "Sandbox",
    },
    {
      name: "another bundle ID",
      signed: sign(notificationPayload("Sandbox")),
      kind: "notification",
      environment: "Sandbox",
      bundleId: "com.example.other",
    },
    {
      name: "a Sandbox notification checked as Production",
      signed: sign(notificationPayload("Sandbox")),
      kind: "notification",
      environment: "Production",
    },
    {
      name: "a Production notification of another app Apple ID",
      signed: sign(notificationPayload("Production")),
      kind: "notification",
      environment: "Production",
      appAppleId: 42,
    },
    {
      name: "a Production notification without appAppleId",
      signed: sign(notificationPayload("Production", { appAppleId: undefined })),
      kind: "notification",
      environment: "Production",
    },
    {
      name: "a notification whose nested transaction is tampered",
      signed: sign(
        notificationPayload("Sandbox", {
          signedTransactionInfo: tamper(transaction, (payload) => {
            payload.productId = "com.example.app.lifetime";
          }),
        }),
      ),
      kind: "notification",
      environment: "Sandbox",
    },
    {
      name: "a notification whose nested renewal info is tampered",
      signed: sign(
        notificationPayload("Sandbox", {
          signedRenewalInfo: tamper(renewal, (payload) => {
            payload.autoRenewStatus = 0;
          }),
        }),
      ),
      kind: "notification",
      environment: "Sandbox",
    },
    {
      name: "a transaction of another app",
      signed: transaction,
      kind: "transaction",
      environment: "Sandbox",
      bundleId: "com.example.other",
    },
    {
      name: "a Sandbox transaction checked as Production",
      signed: transaction,
      kind: "transaction",
      environment: "Production",
    },
    {
      name: "Sandbox renewal info checked as Production",
      signed: renewal,
      kind: "renewal",
      environment: "Production",
    },
    {
      name: "Xcode data checked as Sandbox",
      signed: sign(notificationPayload("Xcode")),
      kind: "notification",
      environment: "Sandbox",
    },
  ];
  return { accepted, refused };
}

describe("apple-app-store against @apple/app-store-server-library's SignedDataVerifier", () => {
  let pki: AppStorePki;
  let all: { accepted: Case[]; refused: Case[] };
  before(() => {
    pki = makeAppStorePki();
    all = cases(pki);
  });

  it("both accept the same genuine notifications, transactions and renewal info", async () => {
    for (const one of all.accepted) {
      assert.equal(await theirs(one, [pki.root.der]), true, `library: ${one.name}`);
      const result = await ours(one, pki.root.pem);
      assert.equal(result.valid, true, `ours: ${one.name} (${String(result.reason)})`);
    }
  });

  it("both refuse the same forged, tampered or misdirected data", async () => {
    for (const one of all.refused) {
      assert.equal(await theirs(one, [pki.root.der]), false, `library: ${one.name}`);
      const result = await ours(one, pki.root.pem);
      assert.equal(result.valid, false, `ours: ${one.name}`);
    }
  });

  it("both accept the example, a real TEST notification, with Apple Root CA - G3 alone", async () => {
    const example = appleAppStore.example as Record<string, string>;
    const one: Case = {
      name: "the example",
      signed: String(example.signed_payload),
      kind: "notification",
      environment: "Sandbox",
      bundleId: String(example.bundle_id),
    };
    const header = JSON.parse(Buffer.from(one.signed.split(".")[0] ?? "", "base64url").toString("utf8"));
    const appleRoot = Buffer.from(new X509Certificate(Buffer.from(header.x5c[2], "base64")).raw);
    assert.equal(await theirs(one, [appleRoot]), true);
    assert.equal((await ours(one, undefined)).valid, true);
    // Neither trusts it under another root.
    assert.equal(await theirs(one, [pki.root.der]), false);
  });
});
