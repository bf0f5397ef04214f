// The Entra ID client assertion from the recipe and from MSAL's ClientAssertion (offline: it signs with
// the certificate's key and sends nothing): the same header members and values (alg PS256, typ JWT,
// x5t#S256 from the certificate; MSAL adds x5c), the same claim names and values but for the times and
// the jti, the same exp - nbf span, a UUID jti on both, and both accepted by the local checker that the
// client-credentials tests use as Entra ID's token endpoint. MSAL signs at the machine's time, so each
// token is checked at its own nbf. msal-assertion.test.ts loads this file when the SDK is installed.
import assert from "node:assert/strict";
import { createHash, X509Certificate } from "node:crypto";
import { describe, it } from "node:test";
import { ClientAssertion, CryptoProvider } from "@azure/msal-node";
import { runRecipe } from "../../src/recipes/index.js";
import { selfSignedCertificate } from "../helpers/certificates.js";
import { checkAssertion } from "../recipes/exchanges/assertion-checker.js";
import { clock, decoded, testKeys } from "../recipes/helpers.js";

const keys = testKeys();
const CERT = selfSignedCertificate(keys.rsaPkcs8, "msal-oracle");
const DER = new X509Certificate(CERT).raw;
const CLIENT_ID = "6731de76-14a6-49ae-97bc-6eba6914391e";
const AUD = "https://login.microsoftonline.com/11111111-2222-4333-8444-555555555555/oauth2/v2.0/token";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function theirs(): string {
  const hex = createHash("sha256").update(DER).digest("hex");
  return ClientAssertion.fromCertificateWithSha256Thumbprint(hex, keys.rsaPkcs8, CERT).getJwt(
    new CryptoProvider(),
    CLIENT_ID,
    AUD,
  );
}

function ours(): string {
  const out = runRecipe(
    "client-assertion",
    { preset: "entra", client_id: CLIENT_ID, audience: AUD, private_key: keys.rsaPkcs8, certificate: CERT },
    { clock },
  );
  return String(out.token);
}

/** Checked as Entra ID's token endpoint would, at the token's own signing time. */
function accepted(token: string): string[] {
  const nowSeconds = Number(decoded(token).payload.nbf);
  return checkAssertion(token, {
    preset: "entra",
    clientId: CLIENT_ID,
    audience: AUD,
    key: keys.rsa,
    certificate: CERT,
    nowSeconds,
    usedJti: new Set(),
  });
}

describe("client-assertion (entra) against @azure/msal-node ClientAssertion", () => {
  it("has MSAL's header: alg PS256, typ JWT and the same x5t#S256 (MSAL adds the x5c chain)", () => {
    const { x5c, ...their } = decoded(theirs()).header as Record<string, unknown>;
    assert.deepEqual(decoded(ours()).header, their);
    assert.equal(their.alg, "PS256");
    assert.equal(their["x5t#S256"], createHash("sha256").update(DER).digest("base64url"));
    assert.deepEqual(x5c, [DER.toString("base64")]);
  });

  it("has MSAL's claims: the same names, aud, iss and sub, the same exp - nbf span, a UUID jti", () => {
    const mine = decoded(ours()).payload as Record<string, unknown>;
    const msal = decoded(theirs()).payload as Record<string, unknown>;
    assert.deepEqual(Object.keys(mine).sort(), Object.keys(msal).sort());
    for (const name of ["aud", "iss", "sub"]) assert.equal(mine[name], msal[name], name);
    assert.equal(Number(mine.exp) - Number(mine.nbf), Number(msal.exp) - Number(msal.nbf));
    assert.equal(Number(msal.exp) - Number(msal.nbf), 600);
    assert.equal(mine.iat, mine.nbf);
    assert.match(String(mine.jti), UUID);
    assert.match(String(msal.jti), UUID);
  });

  it("both are accepted by the local Entra checker (PSS signature with the certificate's key, thumbprint, claims)", () => {
    assert.deepEqual(accepted(theirs()), []);
    assert.deepEqual(accepted(ours()), []);
  });

  it("the checker can fail: another certificate's thumbprint and another client are refused", () => {
    const other = selfSignedCertificate(keys.rsaPkcs8, "other-cert");
    const problems = checkAssertion(theirs(), {
      preset: "entra",
      clientId: "someone-else",
      audience: AUD,
      key: keys.rsa,
      certificate: other,
      nowSeconds: Number(decoded(theirs()).payload.nbf),
      usedJti: new Set(),
    });
    assert.ok(problems.some((problem) => /x5t#S256/.test(problem)));
    assert.ok(problems.some((problem) => /^iss/.test(problem)));
  });
});
