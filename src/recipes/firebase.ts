import { defineInputs, exampleKey } from "../inputs/index.js";
import { SERVICE_ACCOUNT_RULE } from "./google-self-signed.js";
import { parseJsonObject, refuseReserved } from "./lib/checks.js";
import { importSigningKey, readServiceAccount } from "./lib/keys.js";
import { refuseInput } from "./lib/refuse.js";
import { serviceAccountInput } from "./lib/service-account-input.js";
import { secondsOf, signPlan } from "./lib/sign.js";
import { defineRecipe } from "./types.js";

export const FIREBASE_AUDIENCE =
  "https://identitytoolkit.googleapis.com/google.identity.identitytoolkit.v1.IdentityToolkit";

/**
 * Claim names Firebase refuses in developer claims: the union of firebase-admin's lists (Python's
 * RESERVED_CLAIMS in firebase_admin/_token_gen.py, and Go, also refuse `sub`; Node omits it).
 */
export const FIREBASE_RESERVED_CLAIMS = [
  "acr",
  "amr",
  "at_hash",
  "aud",
  "auth_time",
  "azp",
  "cnf",
  "c_hash",
  "exp",
  "firebase",
  "iat",
  "iss",
  "jti",
  "nbf",
  "nonce",
  "sub",
] as const;

const INPUTS = defineInputs([
  serviceAccountInput(
    "FIREBASE_SERVICE_ACCOUNT_JSON",
    "The whole JSON key file (Firebase console > Project settings > Service accounts > Generate new private key). Leave empty to use the plugin key FIREBASE_SERVICE_ACCOUNT_JSON.",
  ),
  {
    name: "uid",
    caption: "User ID",
    type: "text",
    required: true,
    doc: "The user's id in your app (1 to 128 characters); it becomes the Firebase user's uid.",
  },
  {
    name: "claims_json",
    caption: "Claims (JSON)",
    type: "long-text",
    doc: 'Optional developer claims, copied into the user\'s ID token (request.auth.token in Security Rules), e.g. {"premium": true}. Keep it under 1000 bytes.',
  },
  {
    name: "tenant_id",
    caption: "Tenant ID",
    type: "text",
    doc: "Optional: the Identity Platform tenant the user signs in to.",
  },
]);

export const firebaseCustomToken = defineRecipe({
  id: "firebase-custom-token",
  display: "Firebase: custom token",
  provider: "Firebase",
  summary:
    "A custom token for signInWithCustomToken, signed RS256 with the project's service account, valid one hour.",
  source: import.meta.url,
  example: {
    service_account_json: exampleKey("google-service-account"),
    uid: "user-1",
    claims_json: '{"premium": true}',
  },
  rules: [
    {
      rule: "Signed RS256 with the service account's private_key.",
      source: "https://firebase.google.com/docs/auth/admin/create-custom-tokens",
    },
    {
      rule: "iss and sub are both the service account's client_email, and aud is https://identitytoolkit.googleapis.com/google.identity.identitytoolkit.v1.IdentityToolkit.",
      source: "https://firebase.google.com/docs/auth/admin/create-custom-tokens",
    },
    {
      rule: "exp is iat plus 3600 s: a custom token lives at most one hour.",
      source: "https://firebase.google.com/docs/auth/admin/create-custom-tokens",
    },
    {
      rule: "uid is 1 to 128 characters.",
      source: "src/auth/token-generator.ts (firebase/firebase-admin-node)",
    },
    {
      rule: "Developer claims may not use the reserved names acr, amr, at_hash, aud, auth_time, azp, cnf, c_hash, exp, firebase, iat, iss, jti, nbf, nonce or sub.",
      source: "firebase_admin/_token_gen.py (firebase/firebase-admin-python)",
    },
  ],
  inputs: INPUTS,
  outputs: [],
  make(values, { clock }) {
    const account = readServiceAccount(
      "service_account_json",
      values.service_account_json ?? "",
      SERVICE_ACCOUNT_RULE,
    );
    const uid = values.uid ?? "";
    if (uid.length < 1 || uid.length > 128) {
      throw refuseInput(
        "uid",
        `must be 1 to 128 characters; got ${uid.length}`,
        "Firebase refuses a custom token whose uid is empty or longer than 128 characters.",
      );
    }
    const warnings: string[] = [];
    let claims: Record<string, unknown> | undefined;
    if (values.claims_json !== undefined) {
      const rule = `Firebase refuses developer claims named ${FIREBASE_RESERVED_CLAIMS.join(", ")}.`;
      claims = parseJsonObject("claims_json", values.claims_json, rule);
      refuseReserved("claims_json", claims, FIREBASE_RESERVED_CLAIMS, rule);
      const bytes = Buffer.byteLength(JSON.stringify(claims));
      if (bytes > 1000) {
        warnings.push(`The developer claims take ${bytes} bytes; Firebase expects them under 1000 bytes.`);
      }
      if (Object.keys(claims).length === 0) claims = undefined;
    }
    // Firebase's header carries no kid: the key is imported from its PEM alone.
    const key = importSigningKey(account.privateKey, {
      input: "service_account_json",
      alg: "RS256",
      rule: SERVICE_ACCOUNT_RULE,
    });
    const now = clock();
    const iat = secondsOf(now);
    const signed = signPlan(
      {
        key,
        claims: {
          aud: FIREBASE_AUDIENCE,
          iat,
          exp: iat + 3600,
          iss: account.clientEmail,
          sub: account.clientEmail,
          uid,
          ...(values.tenant_id === undefined ? {} : { tenant_id: values.tenant_id.trim() }),
          ...(claims === undefined ? {} : { claims }),
        },
      },
      now,
    );
    return {
      token: signed.token,
      expiresAt: signed.expiresAt,
      outputs: {},
      warnings: [...warnings, ...signed.warnings],
    };
  },
});
