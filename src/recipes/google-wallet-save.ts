import { defineInputs, exampleKey } from "../inputs/index.js";
import { importSigningKey, readServiceAccount } from "./lib/keys.js";
import { refuseInput, shown } from "./lib/refuse.js";
import { serviceAccountInput } from "./lib/service-account-input.js";
import { secondsOf, signPlan } from "./lib/sign.js";
import { defineRecipe } from "./types.js";

const JWT_DOCS = "https://developers.google.com/wallet/reference/rest/v1/Jwt";
const SAMPLE = "https://github.com/google-wallet/rest-samples/blob/main/nodejs/demo-generic.js";
const OBJECT_ID_DOCS = "https://developers.google.com/wallet/reference/rest/v1/genericobject";

/** The save link: the signed JWT appended to this path. */
export const GOOGLE_WALLET_SAVE_URL = "https://pay.google.com/gp/v/save/";

/** The pass lists a Save to Google Wallet JWT's payload may hold. */
export const WALLET_PAYLOAD_LISTS = [
  "eventTicketClasses",
  "eventTicketObjects",
  "flightClasses",
  "flightObjects",
  "genericClasses",
  "genericObjects",
  "giftCardClasses",
  "giftCardObjects",
  "loyaltyClasses",
  "loyaltyObjects",
  "offerClasses",
  "offerObjects",
  "transitClasses",
  "transitObjects",
] as const;

/** Past about this length a save link risks being cut by mail clients and browsers. */
const LONG_LINK = 1800;

const ACCOUNT_RULE =
  "Paste the whole JSON key file of the service account you added as a user of your Google Wallet issuer " +
  "(Google Cloud > IAM & Admin > Service Accounts > Keys > Add key > JSON): it signs RS256 and is the iss.";
const PAYLOAD_RULE =
  `The payload is a JSON object whose members are pass lists (${WALLET_PAYLOAD_LISTS.join(", ")}), each a list ` +
  'of whole classes or objects, or of {"id": ..., "classId": ...} for ones already created with the API.';
const ID_RULE =
  "A class or object id is <issuer ID>.<your identifier>: the issuer ID Google gave you, a dot, then letters, " +
  "digits, '.', '_' or '-'.";

const INPUTS = defineInputs([
  serviceAccountInput(
    "GOOGLE_WALLET_SERVICE_ACCOUNT_JSON",
    "The whole JSON key file of a service account that is a user of your Google Wallet issuer (Pay & Wallet Console > Users). Leave empty to use the plugin key GOOGLE_WALLET_SERVICE_ACCOUNT_JSON.",
  ),
  {
    name: "payload_json",
    caption: "Passes (JSON)",
    type: "long-text",
    required: true,
    doc: 'The payload: pass lists by name, e.g. {"genericObjects": [{"id": "3388000000012345678.member-42", "classId": "3388000000012345678.membership"}]}.',
  },
  {
    name: "origins",
    caption: "Origins",
    type: "list",
    doc: "The sites that show the Save to Google Wallet button, e.g. https://www.example.com (several separated by commas). Not needed for the link alone.",
  },
]);

export const googleWalletSave = defineRecipe({
  id: "google-wallet-save",
  display: "Google Wallet: Save to Google Wallet link",
  provider: "Google",
  summary:
    "A Save to Google Wallet JWT with the passes it adds, signed RS256 by your issuer's service account, and its pay.google.com save link.",
  source: import.meta.url,
  example: {
    service_account_json: exampleKey("google-service-account"),
    payload_json:
      '{"genericObjects": [{"id": "3388000000012345678.member-42", "classId": "3388000000012345678.membership"}]}',
    origins: "https://www.example.com",
  },
  rules: [
    { rule: "Signed RS256 with the service account's private key.", source: SAMPLE },
    { rule: "iss is the service account's email address.", source: JWT_DOCS },
    { rule: 'aud is "google" and typ, a claim in the payload, is "savetowallet".', source: JWT_DOCS },
    { rule: "iat is the signing time in whole seconds.", source: JWT_DOCS },
    {
      rule: "payload holds the classes and objects to save, in lists named by kind (genericObjects, loyaltyClasses and so on).",
      source: JWT_DOCS,
    },
    {
      rule: "origins lists the domains allowed to show the Save button; without it the button is not displayed.",
      source: JWT_DOCS,
    },
    {
      rule: "A class or object id is the issuer ID, a dot, and an identifier of letters, digits, '.', '_' or '-'.",
      source: OBJECT_ID_DOCS,
    },
    { rule: "The save link is https://pay.google.com/gp/v/save/ followed by the JWT.", source: SAMPLE },
  ],
  inputs: INPUTS,
  outputs: [
    {
      name: "save_url",
      type: "text",
      doc: "The Save to Google Wallet link: https://pay.google.com/gp/v/save/<token>.",
    },
  ],
  make(values, { clock }) {
    const account = readServiceAccount(
      "service_account_json",
      values.service_account_json ?? "",
      ACCOUNT_RULE,
    );
    const payload = readPayload(values.payload_json ?? "");
    const origins = (values.origins ?? []).map(readOrigin);
    const key = importSigningKey(account.privateKey, {
      input: "service_account_json",
      alg: "RS256",
      kid: account.privateKeyId,
      rule: ACCOUNT_RULE,
    });
    const now = clock();
    // No exp: Google's JWT reference lists none, and a save link is often opened long after it is sent.
    const signed = signPlan(
      {
        key,
        claims: {
          iss: account.clientEmail,
          aud: "google",
          typ: "savetowallet",
          iat: secondsOf(now),
          origins,
          payload,
        },
      },
      now,
    );
    const saveUrl = `${GOOGLE_WALLET_SAVE_URL}${signed.token}`;
    const warnings = [...signed.warnings];
    if (saveUrl.length > LONG_LINK) {
      warnings.push(
        `The save link is ${saveUrl.length} characters long; long links can be cut by mail clients and browsers. ` +
          'Create the class and object with the Wallet API first and put only {"id", "classId"} in the payload.',
      );
    }
    return { token: signed.token, expiresAt: undefined, outputs: { save_url: saveUrl }, warnings };
  },
});

function readPayload(text: string): Record<string, unknown[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const why = error instanceof Error ? error.message : "invalid JSON";
    throw refuseInput("payload_json", `is not valid JSON (${why})`, PAYLOAD_RULE);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw refuseInput("payload_json", "must be a JSON object of pass lists", PAYLOAD_RULE);
  }
  const entries = Object.entries(parsed as Record<string, unknown>);
  if (entries.length === 0) throw refuseInput("payload_json", "holds no pass list", PAYLOAD_RULE, "missing");
  for (const [name, list] of entries) {
    if (!(WALLET_PAYLOAD_LISTS as readonly string[]).includes(name)) {
      throw refuseInput("payload_json", `has unknown member ${shown(name)}`, PAYLOAD_RULE);
    }
    if (!Array.isArray(list) || list.length === 0) {
      throw refuseInput("payload_json", `member "${name}" must be a non-empty list`, PAYLOAD_RULE);
    }
    list.forEach((item: unknown, index) => {
      const where = `${name} item ${index + 1}`;
      if (item === null || typeof item !== "object" || Array.isArray(item)) {
        throw refuseInput("payload_json", `${where} is not an object`, PAYLOAD_RULE);
      }
      const { id, classId } = item as Record<string, unknown>;
      if (typeof id !== "string" || !/^\d+\.[A-Za-z0-9._-]+$/.test(id)) {
        const got = typeof id === "string" ? shown(id, 40) : "none";
        throw refuseInput("payload_json", `${where} has id ${got}, not <issuer ID>.<identifier>`, ID_RULE);
      }
      if (
        name.endsWith("Objects") &&
        typeof classId === "string" &&
        !/^\d+\.[A-Za-z0-9._-]+$/.test(classId)
      ) {
        throw refuseInput("payload_json", `${where} has classId ${shown(classId, 40)}`, ID_RULE);
      }
    });
  }
  return parsed as Record<string, unknown[]>;
}

/** A site as Google's samples write it: a host (www.example.com) or an origin (https://www.example.com). */
function readOrigin(text: string): string {
  const rule =
    "origins lists the sites that may show the Save to Google Wallet button: hosts such as www.example.com, or origins such as https://www.example.com, without a path.";
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  let url: URL | undefined;
  try {
    url = new URL(withScheme);
  } catch {
    url = undefined;
  }
  if (
    url === undefined ||
    !/^https?:$/.test(url.protocol) ||
    (url.pathname !== "/" && url.pathname !== "") ||
    url.search !== ""
  ) {
    throw refuseInput(
      "origins",
      `must list sites such as https://www.example.com; got ${shown(text, 40)}`,
      rule,
    );
  }
  return text.replace(/\/$/, "");
}
