import { defineInputs } from "../inputs/index.js";
import { lifetimeSeconds } from "./lib/checks.js";
import { importProviderSecret } from "./lib/keys.js";
import { refuseInput } from "./lib/refuse.js";
import { secondsOf, signPlan } from "./lib/sign.js";
import { readEmail, readExtraFields, readWebUrl } from "./lib/widget-user.js";
import { defineRecipe } from "./types.js";

const JWT_DOCS = "https://help.featurebase.app/articles/5257986-creating-and-signing-a-jwt";
const IDENTIFY_DOCS =
  "https://help.featurebase.app/help/salesforce-integration/articles/6151321-identifying-users-and-syncing-data";
const PORTAL_DOCS = "https://developers.featurebase.app/install/board/sso";

const KEY_RULE =
  "Featurebase checks the token's HS256 signature with your JWT secret (Settings > Security > Get JWT Secret).";
const COMPANIES_RULE =
  'companies is a JSON list of objects, each with an id (or companyId) and a name, e.g. [{"id": "987654321", "name": "Business Inc."}]; monthlySpend, createdAt and customFields are optional.';

const INPUTS = defineInputs([
  {
    name: "jwt_secret",
    caption: "JWT secret",
    type: "secret",
    required: true,
    fallbackKey: "FEATUREBASE_JWT_SECRET",
    doc: "Your Featurebase JWT secret (Settings > Security > Get JWT Secret). Leave empty to use the plugin key FEATUREBASE_JWT_SECRET.",
  },
  {
    name: "user_id",
    caption: "User ID",
    type: "text",
    doc: "Your app's id for the user (userId). Give it, the email, or both (both when you can).",
  },
  {
    name: "email",
    caption: "Email",
    type: "text",
    doc: "The user's email address. Give it, the user ID, or both.",
  },
  {
    name: "name",
    caption: "Name",
    type: "text",
    doc: "The user's name.",
  },
  {
    name: "profile_picture",
    caption: "Profile picture URL",
    type: "text",
    doc: "Optional: an https URL of the user's picture (profilePicture).",
  },
  {
    name: "companies_json",
    caption: "Companies (JSON)",
    type: "long-text",
    doc: 'Optional: the user\'s companies, e.g. [{"id": "987654321", "name": "Business Inc.", "monthlySpend": 500}].',
  },
  {
    name: "extra_fields_json",
    caption: "More user fields (JSON)",
    type: "long-text",
    doc: 'Optional: custom attributes you configured in Featurebase, tags and locale, e.g. {"plan": "Premium", "tags": ["beta"], "locale": "en"}.',
  },
  {
    name: "lifetime_minutes",
    caption: "Lifetime (minutes)",
    type: "number",
    default: 60,
    doc: "Minutes until the token expires (its exp). Default 60. Featurebase's example token has no exp; keep one so a leaked token stops working.",
  },
]);

export const featurebaseSso = defineRecipe({
  id: "featurebase-sso",
  display: "Featurebase: SSO token",
  provider: "Featurebase",
  summary:
    "A Featurebase user JWT for the SDK, widgets and portal SSO (user ID and/or email, companies), signed HS256 with your JWT secret.",
  source: import.meta.url,
  example: {
    jwt_secret: "featurebase-jwt-secret-0123456789abcdef",
    user_id: "user-42",
    email: "ada@example.com",
    name: "Ada Lovelace",
    companies_json: '[{"id": "987654321", "name": "Business Inc.", "monthlySpend": 500}]',
  },
  rules: [
    { rule: "Signed HS256 with the organization's JWT secret.", source: JWT_DOCS },
    { rule: "The token holds email, userId or both: at least one of them.", source: JWT_DOCS },
    {
      rule: "companies lists objects with a required id and name, and optional monthlySpend, createdAt and customFields.",
      source: JWT_DOCS,
    },
    {
      rule: "A company's id is written as id in one guide and companyId in another: either is passed through as given.",
      source: IDENTIFY_DOCS,
    },
    {
      rule: "Custom attributes work only once configured in Featurebase's settings; tags and locale are optional.",
      source: JWT_DOCS,
    },
    {
      rule: "The portal signs a user in at https://<org>.featurebase.app/api/v1/auth/access/jwt?jwt=<token>&return_to=<url>.",
      source: PORTAL_DOCS,
    },
  ],
  inputs: INPUTS,
  outputs: [],
  make(values, { clock }) {
    const userId = values.user_id?.trim();
    const email =
      values.email === undefined
        ? undefined
        : readEmail("email", values.email, "email must be the user's email address.");
    if (userId === undefined && email === undefined) {
      throw refuseInput(
        "user_id",
        "or email is required",
        "Featurebase needs at least one of email and userId, both when possible.",
        "missing",
      );
    }
    const name = values.name?.trim();
    const profilePicture =
      values.profile_picture === undefined
        ? undefined
        : readWebUrl(
            "profile_picture",
            values.profile_picture,
            "profilePicture is the URL of the user's picture.",
          );
    const companies = values.companies_json === undefined ? undefined : readCompanies(values.companies_json);
    const extra = readExtraFields(
      "extra_fields_json",
      values.extra_fields_json,
      ["userId", "email", "name", "profilePicture", "companies"],
      "The recipe writes userId, email, name, profilePicture, companies and exp itself; put only custom attributes, tags and locale here.",
    );
    const lifetime = lifetimeSeconds(values.lifetime_minutes ?? 60, {
      input: "lifetime_minutes",
      unit: "minutes",
      rule: "The token stops working at exp.",
    });
    const key = importProviderSecret(values.jwt_secret ?? "", {
      input: "jwt_secret",
      alg: "HS256",
      encoding: "text",
      rule: KEY_RULE,
    });
    const now = clock();
    const iat = secondsOf(now);
    const signed = signPlan(
      {
        key,
        claims: {
          ...extra,
          ...(name === undefined ? {} : { name }),
          ...(email === undefined ? {} : { email }),
          ...(userId === undefined ? {} : { userId }),
          ...(profilePicture === undefined ? {} : { profilePicture }),
          ...(companies === undefined ? {} : { companies }),
          iat,
          exp: iat + lifetime,
        },
      },
      now,
    );
    return { token: signed.token, expiresAt: signed.expiresAt, outputs: {}, warnings: signed.warnings };
  },
});

function readCompanies(text: string): unknown[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const why = error instanceof Error ? error.message : "invalid JSON";
    throw refuseInput("companies_json", `is not valid JSON (${why})`, COMPANIES_RULE);
  }
  if (!Array.isArray(parsed)) throw refuseInput("companies_json", "must be a JSON list", COMPANIES_RULE);
  parsed.forEach((company: unknown, index) => {
    const where = `item ${index + 1}`;
    if (company === null || typeof company !== "object" || Array.isArray(company)) {
      throw refuseInput("companies_json", `${where} is not an object`, COMPANIES_RULE);
    }
    const { id, companyId, name } = company as Record<string, unknown>;
    const idValue = id ?? companyId;
    if (!((typeof idValue === "string" && idValue.trim() !== "") || typeof idValue === "number")) {
      throw refuseInput("companies_json", `${where} has no id (or companyId)`, COMPANIES_RULE, "missing");
    }
    if (typeof name !== "string" || name.trim() === "") {
      throw refuseInput("companies_json", `${where} has no name`, COMPANIES_RULE, "missing");
    }
  });
  return parsed;
}
