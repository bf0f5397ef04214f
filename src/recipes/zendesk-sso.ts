import { randomUUID } from "node:crypto";
import { defineInputs } from "../inputs/index.js";
import { importProviderSecret } from "./lib/keys.js";
import { refuseInput, shown } from "./lib/refuse.js";
import { secondsOf, signPlan } from "./lib/sign.js";
import { defineRecipe } from "./types.js";

/** Zendesk refuses a JWT whose iat is more than 3 minutes off its clock. */
export const ZENDESK_SSO_WINDOW_SECONDS = 180;

const ANATOMY_DOC = "https://support.zendesk.com/hc/en-us/articles/4408881965722";
const SETUP_DOC = "https://support.zendesk.com/hc/en-us/articles/4408845838874";
const NODE_EXAMPLE = "zendesk/zendesk_jwt_sso_examples jwt_generation/node_jwt.js";
const IAT_ERROR = "https://github.com/zendesk/zendesk_jwt_sso_examples/pull/5";

const SECRET_RULE =
  "Zendesk SSO tokens are signed HS256 with the shared secret of the JWT single sign-on configuration " +
  "(Admin Center > Account > Security > Single sign-on > your JWT configuration); regenerate it there if lost.";

const INPUTS = defineInputs([
  {
    name: "subdomain",
    caption: "Zendesk subdomain",
    type: "text",
    required: true,
    pattern: "^[A-Za-z0-9][A-Za-z0-9-]{0,62}$",
    formDoc: "the subdomain alone: acme for acme.zendesk.com",
    doc: "Your Zendesk subdomain: acme for https://acme.zendesk.com.",
  },
  {
    name: "shared_secret",
    caption: "Shared secret",
    type: "secret",
    required: true,
    fallbackKey: "ZENDESK_SSO_SECRET",
    doc: "The JWT SSO configuration's shared secret. Leave empty to use the plugin key ZENDESK_SSO_SECRET.",
  },
  {
    name: "email",
    caption: "Email",
    type: "text",
    required: true,
    doc: "The user's email: Zendesk finds or creates the user by it (or by external_id when given).",
  },
  { name: "name", caption: "Name", type: "text", required: true, doc: "The user's full name." },
  {
    name: "external_id",
    caption: "External ID",
    type: "text",
    doc: "Optional: your user's id; Zendesk then identifies the user by it instead of the email.",
  },
  {
    name: "organization",
    caption: "Organization",
    type: "text",
    doc: "Optional: the name of an existing Zendesk organization to put the user in.",
  },
  {
    name: "remote_photo_url",
    caption: "Photo URL",
    type: "text",
    doc: "Optional: an https URL of the user's photo.",
  },
  {
    name: "locale_id",
    caption: "Locale ID",
    type: "text",
    pattern: "^[0-9]+$",
    formDoc: "digits, e.g. 8",
    doc: "Optional: the number of one of your account's active locales (8 is Deutsch).",
  },
  {
    name: "return_to",
    caption: "Return to",
    type: "text",
    doc: "Optional: the Zendesk page to open after sign-in, e.g. https://acme.zendesk.com/hc/en-us/requests.",
  },
]);

export const zendeskSso = defineRecipe({
  id: "zendesk-sso",
  display: "Zendesk: SSO sign-in (JWT)",
  provider: "Zendesk",
  summary:
    "A Zendesk JWT single sign-on token and the /access/jwt URL that signs the user in, HS256 with the SSO secret.",
  source: import.meta.url,
  example: {
    subdomain: "acme",
    shared_secret: "exampleZendeskSsoSharedSecret-0123456789abcdefgh",
    email: "ada@example.com",
    name: "Ada Lovelace",
    external_id: "user-42",
    return_to: "https://acme.zendesk.com/hc/en-us/requests",
  },
  rules: [
    {
      rule: "Signed HS256 with the SSO configuration's shared secret; the header holds typ JWT.",
      source: ANATOMY_DOC,
    },
    {
      rule: "iat is the signing time; Zendesk refuses a token whose iat is more than 3 minutes off.",
      source: IAT_ERROR,
    },
    { rule: "jti is a new random id for every token, so a token cannot be replayed.", source: NODE_EXAMPLE },
    {
      rule: "name and email identify the user; external_id, organization, remote_photo_url and locale_id are optional.",
      source: SETUP_DOC,
    },
    { rule: "locale_id is a locale's number, as text.", source: ANATOMY_DOC },
    {
      rule: "The browser goes to https://<subdomain>.zendesk.com/access/jwt with the token as jwt, and return_to for the page after.",
      source: ANATOMY_DOC,
    },
  ],
  inputs: INPUTS,
  outputs: [
    {
      name: "login_url",
      type: "text",
      doc: "https://<subdomain>.zendesk.com/access/jwt?jwt=<token>(&return_to=...): open it within 3 minutes.",
    },
    {
      name: "form_action",
      type: "text",
      doc: "https://<subdomain>.zendesk.com/access/jwt: for an HTML form that POSTs the token as the field jwt (Zendesk's recommended way).",
    },
  ],
  make(values, { clock }) {
    const subdomain = (values.subdomain ?? "").trim().toLowerCase();
    const email = (values.email ?? "").trim();
    if (!/^[^\s@]+@[^\s@]+$/.test(email)) {
      throw refuseInput(
        "email",
        "must be an email address such as ada@example.com",
        "Zendesk identifies the user by email.",
      );
    }
    const name = (values.name ?? "").trim();
    if (name === "") throw refuseInput("name", "must not be empty", "Zendesk requires the user's name.");
    const photo = optionalUrl("remote_photo_url", values.remote_photo_url);
    const returnTo = optionalUrl("return_to", values.return_to);
    const key = importProviderSecret(values.shared_secret ?? "", {
      input: "shared_secret",
      alg: "HS256",
      encoding: "text",
      rule: SECRET_RULE,
    });
    const now = clock();
    const iat = secondsOf(now);
    const optional = {
      external_id: values.external_id?.trim(),
      organization: values.organization?.trim(),
      remote_photo_url: photo,
      locale_id: values.locale_id?.trim(),
    };
    const claims: Record<string, unknown> = { iat, jti: randomUUID(), name, email };
    for (const [claim, value] of Object.entries(optional)) if (value) claims[claim] = value;
    // Zendesk's token has no exp: its 3-minute iat window is the lifetime.
    const signed = signPlan({ key, claims }, now);
    const base = `https://${subdomain}.zendesk.com/access/jwt`;
    const query = new URLSearchParams({ jwt: signed.token });
    if (returnTo !== undefined) query.set("return_to", returnTo);
    return {
      token: signed.token,
      expiresAt: new Date((iat + ZENDESK_SSO_WINDOW_SECONDS) * 1000),
      outputs: { login_url: `${base}?${query.toString()}`, form_action: base },
      warnings: signed.warnings,
    };
  },
});

function optionalUrl(input: string, text: string | undefined): string | undefined {
  const trimmed = text?.trim();
  if (!trimmed) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(trimmed);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== "https:" && url.protocol !== "http:")) {
    throw refuseInput(
      input,
      `must be a full https URL; got ${shown(trimmed)}`,
      "Zendesk takes an absolute URL here.",
    );
  }
  return trimmed;
}
