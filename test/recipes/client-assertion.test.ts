// Client assertions (RFC 7523): each preset's documented header and claims on a real token signed at a
// frozen instant, the signature checked as the provider checks it (the registered public key, the
// certificate's key with PSS padding for Entra ID, the client secret's bytes), and every refusal by
// code and input.
import assert from "node:assert/strict";
import {
  constants,
  createHash,
  createHmac,
  createPublicKey,
  generateKeyPairSync,
  verify,
  X509Certificate,
} from "node:crypto";
import { describe, it } from "node:test";
import type { JwtErrorCode } from "../../src/jwt/index.js";
import { CLIENT_ASSERTION_TYPE } from "../../src/recipes/client-assertion.js";
import { runRecipe } from "../../src/recipes/index.js";
import { selfSignedCertificate } from "../helpers/certificates.js";
import { assertRefused } from "./assert-refused.js";
import { clock, decoded, NOW_SECONDS, signatureValid, testKeys } from "./helpers.js";

const keys = testKeys();
const CLIENT_ID = "0oa1b2c3d4e5f6g7h8i9";
const OKTA_AUD = "https://example.okta.com/oauth2/default/v1/token";
const AUTH0_AUD = "https://example.auth0.com/";
const ENTRA_AUD = "https://login.microsoftonline.com/11111111-2222-4333-8444-555555555555/oauth2/v2.0/token";
const SECRET = "okta-client-secret-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGH";
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const CERT = selfSignedCertificate(keys.rsaPkcs8, "entra-app");

const run = (input: Record<string, unknown>) => runRecipe("client-assertion", input, { clock });

const refused = (input: Record<string, unknown>, code: JwtErrorCode, option: string, rule: RegExp) =>
  assertRefused("client-assertion", input, code, option, { rule });

/** PS256 as Entra ID checks it: RSASSA-PSS, SHA-256, salt as long as the hash (RFC 7518 section 3.5). */
function ps256Valid(token: string, cert: string): boolean {
  const [header = "", payload = "", signature = ""] = token.split(".");
  return verify(
    "sha256",
    Buffer.from(`${header}.${payload}`),
    {
      key: new X509Certificate(cert).publicKey,
      padding: constants.RSA_PKCS1_PSS_PADDING,
      saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
    },
    Buffer.from(signature, "base64url"),
  );
}

describe("client-assertion: common form (RFC 7523)", () => {
  it("signs iss = sub = client_id, aud, a UUID jti, iat and exp 5 minutes on, typ JWT, and says the assertion type", () => {
    const out = run({
      client_id: CLIENT_ID,
      audience: "https://as.example.com/token",
      private_key: keys.rsaPkcs8,
    });
    const { header, payload } = decoded(String(out.token));
    assert.deepEqual(header, { alg: "RS256", typ: "JWT" });
    const { jti, ...rest } = payload;
    assert.deepEqual(rest, {
      iss: CLIENT_ID,
      sub: CLIENT_ID,
      aud: "https://as.example.com/token",
      iat: NOW_SECONDS,
      exp: NOW_SECONDS + 300,
    });
    assert.match(String(jti), UUID_V4);
    assert.equal(out.client_assertion_type, CLIENT_ASSERTION_TYPE);
    assert.equal(CLIENT_ASSERTION_TYPE, "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
    assert.deepEqual(out.expires_at, new Date((NOW_SECONDS + 300) * 1000));
    assert.ok(signatureValid(String(out.token), keys.rsa));
    assert.ok(
      !signatureValid(String(out.token), generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey),
    );
  });

  it("gives every assertion its own jti", () => {
    const input = { client_id: CLIENT_ID, audience: OKTA_AUD, private_key: keys.rsaPkcs8 };
    assert.notEqual(
      decoded(String(run(input).token)).payload.jti,
      decoded(String(run(input).token)).payload.jti,
    );
  });

  it("signs generic assertions with the key's own algorithm (ES256 for P-256, EdDSA for Ed25519) and the kid", () => {
    const ec = run({
      client_id: CLIENT_ID,
      audience: "urn:example:as",
      private_key: keys.ecSec1,
      key_id: "k1",
    });
    assert.deepEqual(decoded(String(ec.token)).header, { alg: "ES256", typ: "JWT", kid: "k1" });
    assert.ok(signatureValid(String(ec.token), keys.ec));
    const ed = run({
      client_id: CLIENT_ID,
      audience: "urn:example:as",
      private_key: keys.ed25519.export({ type: "pkcs8", format: "pem" }),
    });
    assert.equal(decoded(String(ed.token)).header.alg, "EdDSA");
    assert.ok(signatureValid(String(ed.token), keys.ed25519));
  });

  it("refuses a private key and a client secret together, neither, and a client_id with spaces", () => {
    const base = { client_id: CLIENT_ID, audience: OKTA_AUD };
    refused(
      { ...base, private_key: keys.rsaPkcs8, client_secret: SECRET },
      "ERR_INPUT_RULE",
      "client_secret",
      /one credential/,
    );
    refused(base, "ERR_INPUT_RULE", "private_key", /is required/);
    refused(
      { ...base, client_id: "my app", private_key: keys.rsaPkcs8 },
      "ERR_INPUT_RULE",
      "client_id",
      /RFC 7523/,
    );
  });

  it("refuses a public key and text that is no key, naming private_key", () => {
    const base = { client_id: CLIENT_ID, audience: OKTA_AUD };
    const publicPem = createPublicKey(keys.rsa).export({ type: "spki", format: "pem" });
    refused({ ...base, private_key: publicPem }, "ERR_KEY_INVALID", "private_key", /public key/);
    refused({ ...base, private_key: "not a key at all" }, "ERR_KEY_INVALID", "private_key", /private key/);
  });
});

describe("client-assertion: okta", () => {
  const base = { preset: "okta", client_id: CLIENT_ID, audience: OKTA_AUD };

  it("signs RS256 by default, ES256 for a P-256 key, RS512 on request", () => {
    assert.equal(decoded(String(run({ ...base, private_key: keys.rsaPkcs1 }).token)).header.alg, "RS256");
    const ec = run({ ...base, private_key: keys.ecPkcs8 });
    assert.equal(decoded(String(ec.token)).header.alg, "ES256");
    assert.ok(signatureValid(String(ec.token), keys.ec));
    assert.equal(
      decoded(String(run({ ...base, private_key: keys.rsaPkcs8, algorithm: "rs512" }).token)).header.alg,
      "RS512",
    );
  });

  it("signs client_secret_jwt HS256 with the secret's characters (HS384 on request)", () => {
    const out = run({ ...base, client_secret: SECRET });
    const { header, payload } = decoded(String(out.token));
    assert.deepEqual(header, { alg: "HS256", typ: "JWT" });
    assert.equal(payload.iss, CLIENT_ID);
    assert.ok(signatureValid(String(out.token), Buffer.from(SECRET)));
    const hs384 = String(run({ ...base, client_secret: SECRET, algorithm: "HS384" }).token);
    const [h = "", p = "", s = ""] = hs384.split(".");
    assert.equal(createHmac("sha384", SECRET).update(`${h}.${p}`).digest("base64url"), s);
  });

  it("takes one hour and refuses more; refuses PS256, EdDSA keys and a short secret", () => {
    assert.equal(
      decoded(String(run({ ...base, private_key: keys.rsaPkcs8, expires_in_seconds: 3600 }).token)).payload
        .exp,
      NOW_SECONDS + 3600,
    );
    refused(
      { ...base, private_key: keys.rsaPkcs8, expires_in_seconds: 3601 },
      "ERR_INPUT_RULE",
      "expires_in_seconds",
      /one hour.*okta\.com/,
    );
    refused(
      { ...base, private_key: keys.rsaPkcs8, algorithm: "PS256" },
      "ERR_INPUT_RULE",
      "algorithm",
      /Okta takes RS256/,
    );
    refused(
      { ...base, private_key: keys.ed25519.export({ type: "pkcs8", format: "pem" }) },
      "ERR_KEY_INVALID",
      "private_key",
      /Okta/,
    );
    refused({ ...base, client_secret: "short" }, "ERR_KEY_WEAK", "client_secret", /HS256/);
    refused(
      { ...base, client_secret: SECRET, algorithm: "RS256" },
      "ERR_INPUT_RULE",
      "algorithm",
      /HS256, HS384, HS512/,
    );
  });

  it("refuses an aud that is not an https endpoint URL", () => {
    refused(
      { ...base, private_key: keys.rsaPkcs8, audience: "http://example.okta.com/oauth2/default/v1/token" },
      "ERR_INPUT_RULE",
      "audience",
      /https/,
    );
    refused(
      { ...base, private_key: keys.rsaPkcs8, audience: "https://example.okta.com" },
      "ERR_INPUT_RULE",
      "audience",
      /full URL/,
    );
  });
});

describe("client-assertion: auth0", () => {
  const base = { preset: "auth0", client_id: CLIENT_ID, audience: AUTH0_AUD };

  it("signs RS256 for 60 seconds by default with aud the tenant URL and its slash; PS256 and RS384 on request", () => {
    const out = run({ ...base, private_key: keys.rsaPkcs8, key_id: "auth0-kid" });
    const { header, payload } = decoded(String(out.token));
    assert.deepEqual(header, { alg: "RS256", typ: "JWT", kid: "auth0-kid" });
    assert.equal(payload.aud, AUTH0_AUD);
    assert.equal(Number(payload.exp) - Number(payload.iat), 60);
    assert.match(String(payload.jti), UUID_V4);
    assert.equal(
      decoded(String(run({ ...base, private_key: keys.rsaPkcs8, algorithm: "PS256" }).token)).header.alg,
      "PS256",
    );
    assert.equal(
      decoded(String(run({ ...base, private_key: keys.rsaPkcs8, algorithm: "RS384" }).token)).header.alg,
      "RS384",
    );
  });

  it("refuses a tenant URL without its trailing slash, a token-endpoint aud, ES256, a client secret and more than 5 minutes", () => {
    const key = { private_key: keys.rsaPkcs8 };
    refused(
      { ...base, ...key, audience: "https://example.auth0.com" },
      "ERR_INPUT_RULE",
      "audience",
      /must end with "\/".*trailing slash/,
    );
    refused(
      { ...base, ...key, audience: "https://example.auth0.com/oauth/token" },
      "ERR_INPUT_RULE",
      "audience",
      /tenant URL/,
    );
    refused({ ...base, private_key: keys.ecPkcs8 }, "ERR_KEY_INVALID", "private_key", /no EC key/);
    refused({ ...base, ...key, algorithm: "ES256" }, "ERR_INPUT_RULE", "algorithm", /RS256, RS384 or PS256/);
    refused(
      { ...base, client_secret: SECRET },
      "ERR_INPUT_RULE",
      "client_secret",
      /Private Key JWT, Client Secret \(Basic\)/,
    );
    refused(
      { ...base, ...key, expires_in_seconds: 301 },
      "ERR_INPUT_RULE",
      "expires_in_seconds",
      /5 minutes/,
    );
  });
});

describe("client-assertion: entra", () => {
  const base = { preset: "entra", client_id: "6731de76-14a6-49ae-97bc-6eba6914391e", audience: ENTRA_AUD };
  const der = new X509Certificate(CERT).raw;

  it("signs PS256 with x5t#S256 = base64url SHA-256 of the certificate's DER, nbf = iat and exp 10 minutes on", () => {
    const out = run({ ...base, private_key: keys.rsaPkcs8, certificate: CERT });
    const { header, payload } = decoded(String(out.token));
    assert.deepEqual(header, {
      alg: "PS256",
      typ: "JWT",
      "x5t#S256": createHash("sha256").update(der).digest("base64url"),
    });
    const { jti, ...rest } = payload;
    assert.deepEqual(rest, {
      iss: base.client_id,
      sub: base.client_id,
      aud: ENTRA_AUD,
      iat: NOW_SECONDS,
      nbf: NOW_SECONDS,
      exp: NOW_SECONDS + 600,
    });
    assert.match(String(jti), UUID_V4);
    assert.ok(ps256Valid(String(out.token), CERT));
    assert.deepEqual(out.warnings, []);
  });

  it("signs RS256 with the SHA-1 x5t when asked for the legacy thumbprint", () => {
    const out = run({
      ...base,
      private_key: keys.rsaPkcs8,
      certificate: CERT,
      entra_legacy_thumbprint: true,
    });
    assert.deepEqual(decoded(String(out.token)).header, {
      alg: "RS256",
      typ: "JWT",
      x5t: createHash("sha1").update(der).digest("base64url"),
    });
    assert.ok(signatureValid(String(out.token), keys.rsa));
  });

  it("takes the certificate's base64 body alone, and warns above Microsoft's 10 minutes", () => {
    const body = CERT.replace(/-----[A-Z ]+-----/g, "").replace(/\s+/g, "");
    const out = run({ ...base, private_key: keys.rsaPkcs8, certificate: body, expires_in_seconds: 900 });
    assert.equal(
      decoded(String(out.token)).header["x5t#S256"],
      createHash("sha256").update(der).digest("base64url"),
    );
    assert.match(String((out.warnings as string[])[0]), /5 to 10 minutes/);
  });

  it("refuses no certificate, another key's certificate, a client secret, RS256 without the legacy thumbprint and a v1-less aud", () => {
    const key = { private_key: keys.rsaPkcs8 };
    refused({ ...base, ...key }, "ERR_INPUT_RULE", "certificate", /x5t#S256/);
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({
      type: "pkcs8",
      format: "pem",
    });
    refused(
      { ...base, ...key, certificate: selfSignedCertificate(String(other)) },
      "ERR_INPUT_RULE",
      "certificate",
      /another key/,
    );
    refused(
      { ...base, ...key, certificate: "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----" },
      "ERR_INPUT_RULE",
      "certificate",
      /X\.509/,
    );
    refused({ ...base, client_secret: SECRET }, "ERR_INPUT_RULE", "client_secret", /certificate/);
    refused(
      { ...base, ...key, certificate: CERT, algorithm: "RS256" },
      "ERR_INPUT_RULE",
      "algorithm",
      /PS256/,
    );
    refused(
      { ...base, private_key: keys.ecPkcs8, certificate: CERT },
      "ERR_KEY_INVALID",
      "private_key",
      /certificate/,
    );
    refused(
      { ...base, ...key, certificate: CERT, audience: "https://login.microsoftonline.com/common" },
      "ERR_INPUT_RULE",
      "audience",
      /oauth2\/v2\.0\/token/,
    );
  });
});
