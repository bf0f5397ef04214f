import { randomBytes } from "node:crypto";
import { defineInputs, exampleKey } from "../inputs/index.js";
import { checkId } from "./lib/checks.js";
import { importSigningKeyFor, readRawEd25519 } from "./lib/keys.js";
import { refuseInput } from "./lib/refuse.js";
import { bearerResult, secondsOf, signPlan } from "./lib/sign.js";
import { defineRecipe } from "./types.js";

/** Coinbase tokens live 2 minutes and are made for one request. */
export const COINBASE_LIFETIME_SECONDS = 120;
/** Coinbase App / Advanced Trade host, whose SDK sends a singular `uri` claim. */
export const COINBASE_APP_HOST = "api.coinbase.com";

const KEY_RULE =
  "Coinbase hands out an ECDSA key (-----BEGIN EC PRIVATE KEY-----, P-256, ES256) or an Ed25519 key (base64 of " +
  "64 bytes or of the 32-byte seed, or a PKCS#8 PEM; EdDSA), for the CDP APIs and Coinbase App / Advanced Trade " +
  "alike; paste the privateKey as downloaded.";

const INPUTS = defineInputs([
  {
    name: "key_name",
    caption: "Key name",
    type: "text",
    required: true,
    doc: "The API key's name or id: organizations/{org_id}/apiKeys/{key_id} (ECDSA keys) or a UUID (Portal > API Keys).",
  },
  {
    name: "private_key",
    caption: "Private key",
    type: "secret",
    required: true,
    multiline: true,
    fallbackKey: "COINBASE_PRIVATE_KEY",
    doc: "The key's privateKey: an EC PEM (-----BEGIN EC PRIVATE KEY-----) or an Ed25519 key (base64, or a PEM). Leave empty to use the plugin key COINBASE_PRIVATE_KEY.",
  },
  {
    name: "request_method",
    caption: "Request method",
    type: "choice",
    options: ["GET", "POST", "PUT", "PATCH", "DELETE"],
    required: true,
    doc: "The HTTP method of the one request the token is for.",
  },
  {
    name: "request_host",
    caption: "Request host",
    type: "text",
    required: true,
    doc: "The API host, without https://: api.cdp.coinbase.com (CDP) or api.coinbase.com (Coinbase App / Advanced Trade).",
  },
  {
    name: "request_path",
    caption: "Request path",
    type: "text",
    required: true,
    doc: "The request's path without its query, e.g. /platform/v2/evm/accounts.",
  },
]);

export const coinbaseCdp = defineRecipe({
  id: "coinbase-cdp",
  display: "Coinbase: API key JWT",
  provider: "Coinbase",
  summary: "A 2-minute JWT for one Coinbase API request (CDP or Advanced Trade), signed ES256 or EdDSA.",
  source: import.meta.url,
  example: {
    key_name:
      "organizations/0a1b2c3d-0000-1111-2222-333344445555/apiKeys/9f8e7d6c-0000-1111-2222-333344445555",
    private_key: exampleKey("ec-p256-sec1"),
    request_method: "GET",
    request_host: "api.cdp.coinbase.com",
    request_path: "/platform/v2/evm/accounts",
  },
  rules: [
    {
      rule: "Signed ES256 with a P-256 key or EdDSA with an Ed25519 key, the key name in both the kid header and sub.",
      source: "typescript/src/auth/utils/jwt.ts (coinbase/cdp-sdk)",
    },
    {
      rule: "The key name is organizations/{org_id}/apiKeys/{key_id} or the key's UUID.",
      source:
        "https://docs.cdp.coinbase.com/coinbase-app/authentication-authorization/api-key-authentication",
    },
    {
      rule: "The header carries a nonce of 16 random bytes in hex, iss is cdp, and nbf and iat are now.",
      source: "typescript/src/auth/utils/jwt.ts (coinbase/cdp-sdk)",
    },
    {
      rule: "The token lives 2 minutes and is made for one request.",
      source: "https://docs.cdp.coinbase.com/get-started/authentication/jwt-authentication",
    },
    {
      rule: "The request is named as the method, a space, then host and path with no scheme and no query: in uris for the CDP APIs, in a single uri for api.coinbase.com.",
      source: "coinbase/jwt_generator.py (coinbase/coinbase-advanced-py)",
    },
  ],
  inputs: INPUTS,
  outputs: [{ name: "authorization_header", type: "text", doc: "Bearer <token>: the Authorization header." }],
  make(values, { clock }) {
    const keyName = checkId("key_name", values.key_name ?? "", {
      pattern:
        /^(?:organizations\/[0-9a-f-]+\/apiKeys\/[0-9a-f-]+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i,
      problem: "must be organizations/{org_id}/apiKeys/{key_id} or the key's UUID",
      rule: "Coinbase names the key in sub and kid exactly as the API key's name (or id) shown when it was created.",
    });
    const host = (values.request_host ?? "").trim().toLowerCase();
    if (!/^[a-z0-9.-]+(?::\d+)?$/.test(host)) {
      throw refuseInput(
        "request_host",
        "must be a host name alone, such as api.cdp.coinbase.com (no https://, no path)",
        "Coinbase matches the uri claim: the method, a space, then host and path with no scheme and no query.",
      );
    }
    const path = (values.request_path ?? "").trim();
    if (!/^\/[^\s?#]*$/.test(path)) {
      throw refuseInput(
        "request_path",
        "must be the path alone, starting with / (no query string)",
        "Coinbase matches the uri claim: the method, a space, then host and path with no scheme and no query.",
      );
    }
    const appApi = host === COINBASE_APP_HOST;
    const text = values.private_key ?? "";
    // Both hosts take both key types: coinbase-advanced-py 1.8.3 signs EdDSA with an Ed25519 key (raw
    // base64 or PKCS#8 PEM) and ES256 with a P-256 key, as the CDP SDK does.
    const key = importSigningKeyFor(readRawEd25519("private_key", text, KEY_RULE) ?? text, {
      input: "private_key",
      algs: ["ES256", "EdDSA"],
      kid: keyName,
      rule: KEY_RULE,
    });
    const uri = `${values.request_method ?? "GET"} ${host}${path}`;
    const now = clock();
    const iat = secondsOf(now);
    const signed = signPlan(
      {
        key,
        header: { nonce: randomBytes(16).toString("hex") },
        claims: {
          sub: keyName,
          iss: "cdp",
          nbf: iat,
          iat,
          exp: iat + COINBASE_LIFETIME_SECONDS,
          // Advanced Trade's SDK sends one uri; the CDP SDK a list of them.
          ...(appApi ? { uri } : { uris: [uri] }),
        },
      },
      now,
    );
    return bearerResult(signed);
  },
});
