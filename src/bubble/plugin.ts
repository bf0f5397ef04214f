import { ACTIONS } from "./actions/index.js";
import { SHARED_KEYS } from "./lib/plugin-keys.js";
import type { ActionDefinition, SharedKeyDefinition } from "./types.js";

export const PLUGIN_NAME = "bubble-jwt: JSON Web Tokens";

export const PLUGIN_DESCRIPTION =
  "Make, read and check JSON Web Tokens in backend workflows: Encode (HS, RS, PS, ES, EdDSA), Decode, " +
  "Verify (secret rotation, public keys, JWKS, JWKS URL) and Generate keys. Clear errors, no external service, " +
  "no npm packages to install.";

/** Node.js version Bubble runs the actions on; the bundle is built for Node 18 and later. */
export const SA_NODE_VERSION = 18;

/**
 * Every plugin key (Shared tab, secure): the three JWT keys, then each action secret's fallback key
 * (a recipe's APPLE_PRIVATE_KEY, say). An action reads a key when its field is empty. Their IDs come
 * from the ledger by caption (build/plugin-ids.ts).
 */
export function pluginKeys(actions: readonly ActionDefinition[] = ACTIONS): SharedKeyDefinition[] {
  const keys: SharedKeyDefinition[] = [...SHARED_KEYS];
  const users = new Map<string, string[]>();
  for (const action of actions) {
    for (const input of action.inputs) {
      if (input.type !== "secret" || input.fallbackKey === undefined) continue;
      if (SHARED_KEYS.some((key) => key.caption === input.fallbackKey)) continue;
      const list = users.get(input.fallbackKey) ?? [];
      list.push(`${action.display} (${input.caption})`);
      users.set(input.fallbackKey, list);
    }
  }
  for (const [caption, usedBy] of users) {
    keys.push({ caption, doc: `Used when the field is empty by: ${usedBy.join("; ")}.` });
  }
  return keys;
}

/** The plugin's instructions page, following the original plugin's steps with this plugin's fields. */
export function buildInstructions(actions: readonly ActionDefinition[] = ACTIONS): string {
  const keys = SHARED_KEYS.map((key) => `- ${key.caption}: ${key.doc}`).join("\n");
  const recipeKeys = pluginKeys(actions)
    .filter((key) => !SHARED_KEYS.some((shared) => shared.caption === key.caption))
    .map((key) => `- ${key.caption}: ${key.doc}`)
    .join("\n");
  const actionList = actions.map((action) => `- ${action.display}: ${action.summary}`).join("\n");
  return `Instructions

1. Set up the secret (plugin key)
Go to the Plugins tab, open this plugin, and fill in JWT_SECRET with at least 32 random characters
(run the action "Generate secret or key pair" once to make one). Plugin keys are secure: they stay on
the server and never reach the browser.
${keys}

2. Create a backend workflow
Go to Backend workflows, click New API workflow and name it generate_token.
Add the parameters user_id (text) and email (text), and any other data you want in the token.

3. Add the Encode JWT action
Click Add an action, then Plugins, then Encode JWT, and set:
json data:
{
"user_id": user_id's value:formatted as JSON-safe,
"email": email's value:formatted as JSON-safe,
"issued_at": "Current date/time:formatted as UNIX"
}
(":formatted as JSON-safe" adds the quotes and escapes them; a value typed between quotes without it
breaks the JSON when it contains a quote or a line break.)
Secret: leave empty to use the plugin key JWT_SECRET.
Expiration: 60 (minutes, so one hour).

4. Return the token
Add the action Return data from API and return Result of step 1's token. To handle failures, return
Result of step 1's error too, or tick "Stop the workflow on error".

5. Call it from the front end
In a front-end workflow (after login, say) call the generate_token API workflow with its parameters,
then store the token or send it as: Authorization: Bearer <token>

6. Check tokens
Use Verify JWT with the token (a "Bearer " prefix is removed). It returns valid = yes with the claims,
or valid = no with reason_code and error. Decode JWT only reads a token and proves nothing.

Rotating the secret
Copy JWT_SECRET into JWT_SECRET_PREVIOUS, put a new secret into JWT_SECRET, and empty
JWT_SECRET_PREVIOUS once every old token has expired (after the longest Expiration you use).
Verify JWT returns matched_key = previous for tokens still signed with the old secret.

Actions
${actionList}

Provider recipes
Each provider action (Google, Firebase, Apple, Twilio, ...) returns token, expires_at, ok, error,
error_code and warnings, plus its own outputs. A secret field left empty is read from the plugin key
of the same name in capitals, so keys can stay in the Plugins tab:
${recipeKeys}

Token exchanges and sign-in
Google: access token, DocuSign: access token, Salesforce: access token and GitHub: installation token
send the signed assertion to the provider and return its access token with authorization_header, ok,
error and error_code (DocuSign's consent_url when the user must consent first). The token is reused
until 5 minutes before it expires while Bubble keeps the action warm. Verify sign-in token checks a
Google, Apple, Firebase, Microsoft, Auth0, Cognito, Clerk, Supabase or LinkedIn ID token, a Stytch
session JWT, a WorkOS access token or a Memberstack member token and returns valid, reason_code, error
and the user's claims. Leave "Endpoints (advanced)" and "Trusted CA certificate
(PEM, advanced)" empty unless you use a private deployment (an Auth0 custom domain is an input, not an
endpoint).

Troubleshooting
"payload is required": json data is empty; give a JSON object.
"The payload is not valid JSON ... at line L, column C": the error shows where and why (a missing
value, a stray quote, a trailing comma, curly quotes).
"The signature does not match the key": encode and verify use different secrets or secret encodings.
"The token expired at <date>": make a new token; check Expiration (in minutes).
Security: never expose secrets in front-end workflows; keep sensitive data in your database, not in the token;
never paste production tokens into web sites.`;
}
