import { defineInputs } from "../inputs/index.js";
import { checkId, lifetimeSeconds } from "./lib/checks.js";
import { importProviderSecret } from "./lib/keys.js";
import { refuseInput } from "./lib/refuse.js";
import { secondsOf, signPlan } from "./lib/sign.js";
import { readEmail, readExtraFields, readWebUrl } from "./lib/widget-user.js";
import { defineRecipe } from "./types.js";

/** Where Canny's redirect flow sends the user back with the token. */
export const CANNY_SSO_REDIRECT = "https://canny.io/api/redirects/sso";

const SSO_DOCS = "https://developers.canny.io/install/widget/sso";
const REDIRECT_DOCS = "https://help.canny.io/en/articles/1961021";

const KEY_RULE =
  "Canny signs SSO tokens HS256 with your company's SSO private key, shown on developers.canny.io/install/widget/sso " +
  "when you are logged in as an admin.";

const INPUTS = defineInputs([
  {
    name: "private_key",
    caption: "SSO private key",
    type: "secret",
    required: true,
    fallbackKey: "CANNY_SSO_PRIVATE_KEY",
    doc: "Your Canny SSO private key (developers.canny.io > Install > Widget > Single Sign-On, logged in as an admin). Leave empty to use the plugin key CANNY_SSO_PRIVATE_KEY.",
  },
  {
    name: "user_id",
    caption: "User ID",
    type: "text",
    required: true,
    doc: "Your app's unique, stable id for the user (Canny's id).",
  },
  {
    name: "email",
    caption: "Email",
    type: "text",
    required: true,
    doc: "The user's email address.",
  },
  {
    name: "name",
    caption: "Name",
    type: "text",
    required: true,
    doc: "The user's full name, shown on their posts and comments.",
  },
  {
    name: "avatar_url",
    caption: "Avatar URL",
    type: "text",
    doc: "Optional: an https URL of the user's picture (avatarURL).",
  },
  {
    name: "extra_fields_json",
    caption: "More user fields (JSON)",
    type: "long-text",
    doc: 'Optional fields Canny\'s identify accepts, e.g. {"created": "2026-01-31T10:00:00Z", "companies": [{"id": "c1", "name": "Acme"}], "customFields": {"plan": "pro"}}.',
  },
  {
    name: "lifetime_minutes",
    caption: "Lifetime (minutes)",
    type: "number",
    default: 60,
    doc: "Minutes until the token expires (its exp, which Canny honours). Default 60.",
  },
  {
    name: "company_id",
    caption: "Company ID (redirect)",
    type: "text",
    doc: "For the redirect flow: the companyID query parameter Canny sent to your login page. Give it with Redirect to get the redirect URL.",
  },
  {
    name: "redirect",
    caption: "Redirect (redirect flow)",
    type: "text",
    doc: "For the redirect flow: the redirect query parameter Canny sent to your login page (where the user goes after sign-in).",
  },
]);

export const cannySso = defineRecipe({
  id: "canny-sso",
  display: "Canny: SSO token",
  provider: "Canny",
  summary:
    "A Canny single sign-on token for the widget or the redirect flow, signed HS256 with your SSO private key.",
  source: import.meta.url,
  example: {
    private_key: "0f3c5d2e-8b7a-4c1d-9e6f-123456789abc",
    user_id: "user-42",
    email: "ada@example.com",
    name: "Ada Lovelace",
    avatar_url: "https://example.com/ada.png",
    company_id: "5f8d0d55b54764421b7156c1",
    redirect: "https://feedback.example.com/",
  },
  rules: [
    { rule: "Signed HS256 with the company's SSO private key.", source: SSO_DOCS },
    {
      rule: "The claims are the user: id, email and name, with avatarURL optional; any other field identify accepts may be added.",
      source: SSO_DOCS,
    },
    { rule: "exp is optional, and honoured when present.", source: SSO_DOCS },
    {
      rule: "In the redirect flow Canny sends the user to your page with redirect and companyID, and you send them to https://canny.io/api/redirects/sso with ssoToken, companyID and redirect.",
      source: REDIRECT_DOCS,
    },
  ],
  inputs: INPUTS,
  outputs: [
    {
      name: "redirect_url",
      type: "text",
      doc: "The redirect flow's URL (canny.io/api/redirects/sso with ssoToken, companyID and redirect); empty without Company ID and Redirect.",
    },
  ],
  make(values, { clock }) {
    const userId = checkId("user_id", values.user_id ?? "", {
      pattern: /^\S(?:.*\S)?$/,
      problem: "must be your app's id for the user",
      rule: "Canny identifies the user by the id your app gives it.",
    });
    const email = readEmail("email", values.email ?? "", "Canny needs the user's email address.");
    const name = (values.name ?? "").trim();
    const avatarURL =
      values.avatar_url === undefined
        ? undefined
        : readWebUrl("avatar_url", values.avatar_url, "avatarURL is the URL of the user's picture.");
    const extra = readExtraFields(
      "extra_fields_json",
      values.extra_fields_json,
      ["id", "email", "name", "avatarURL"],
      "The recipe writes id, email, name, avatarURL and exp itself; put only Canny's other identify fields here.",
    );
    const redirectRule =
      "Canny's redirect flow needs both the companyID and the redirect it sent to your login page.";
    const companyId = values.company_id?.trim();
    const redirect =
      values.redirect === undefined ? undefined : readWebUrl("redirect", values.redirect, redirectRule);
    if ((companyId === undefined) !== (redirect === undefined)) {
      throw refuseMissingPair(companyId === undefined ? "company_id" : "redirect", redirectRule);
    }
    const lifetime = lifetimeSeconds(values.lifetime_minutes ?? 60, {
      input: "lifetime_minutes",
      unit: "minutes",
      rule: "Canny honours exp: the token stops working then.",
    });
    const key = importProviderSecret(values.private_key ?? "", {
      input: "private_key",
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
          ...(avatarURL === undefined ? {} : { avatarURL }),
          email,
          id: userId,
          name,
          iat,
          exp: iat + lifetime,
        },
      },
      now,
    );
    const outputs: Record<string, string> = {};
    if (companyId !== undefined && redirect !== undefined) {
      const query = new URLSearchParams({ companyID: companyId, redirect, ssoToken: signed.token });
      outputs.redirect_url = `${CANNY_SSO_REDIRECT}?${query.toString()}`;
    }
    return { token: signed.token, expiresAt: signed.expiresAt, outputs, warnings: signed.warnings };
  },
});

function refuseMissingPair(input: string, rule: string) {
  return refuseInput(input, "is required when the other redirect input is given", rule, "missing");
}
