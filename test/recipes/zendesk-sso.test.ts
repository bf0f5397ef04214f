// Zendesk SSO's rules asserted on a real token signed at a frozen instant, its signature checked with
// the shared secret's bytes, the /access/jwt URL it gives, and each refusal before signing.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runRecipe } from "../../src/recipes/index.js";
import { assertRefused } from "./assert-refused.js";
import { clock, decoded, NOW_SECONDS, signatureValid } from "./helpers.js";

const SECRET = "zendeskSsoSharedSecret-zendeskSsoSharedSecret-1";
const base = { subdomain: "acme", shared_secret: SECRET, email: "ada@example.com", name: "Ada Lovelace" };
const run = (input: Record<string, unknown>) => runRecipe("zendesk-sso", input, { clock });
const ID = "zendesk-sso";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("zendesk-sso", () => {
  it("signs HS256 with typ JWT: iat now, a random jti, name and email, no exp; usable for 3 minutes", () => {
    const out = run(base);
    const { header, payload } = decoded(out.token);
    assert.deepEqual(header, { alg: "HS256", typ: "JWT" });
    const { jti, ...rest } = payload;
    assert.match(String(jti), UUID);
    assert.deepEqual(rest, { iat: NOW_SECONDS, name: "Ada Lovelace", email: "ada@example.com" });
    assert.notEqual(decoded(run(base).token).payload.jti, jti, "a new jti for every token");
    assert.ok(signatureValid(out.token, Buffer.from(SECRET, "utf8")));
    assert.deepEqual(out.expires_at, new Date((NOW_SECONDS + 180) * 1000));
  });

  it("gives the /access/jwt URL with the token and return_to, and the form action", () => {
    const out = run({ ...base, return_to: "https://acme.zendesk.com/hc/en-us/requests?x=1&y=2" });
    const url = new URL(String(out.login_url));
    assert.equal(`${url.origin}${url.pathname}`, "https://acme.zendesk.com/access/jwt");
    assert.equal(url.searchParams.get("jwt"), out.token);
    assert.equal(url.searchParams.get("return_to"), "https://acme.zendesk.com/hc/en-us/requests?x=1&y=2");
    assert.equal(out.form_action, "https://acme.zendesk.com/access/jwt");
    assert.equal(new URL(String(run(base).login_url)).searchParams.has("return_to"), false);
  });

  it("writes the optional user attributes as text claims", () => {
    const { payload } = decoded(
      run({
        ...base,
        subdomain: "Acme",
        external_id: "5678",
        organization: "Acme Inc",
        remote_photo_url: "https://example.com/ada.png",
        locale_id: "8",
      }).token,
    );
    assert.equal(payload.external_id, "5678");
    assert.equal(payload.organization, "Acme Inc");
    assert.equal(payload.remote_photo_url, "https://example.com/ada.png");
    assert.equal(payload.locale_id, "8");
  });

  it("refuses what Zendesk would refuse, naming the input", () => {
    assertRefused(
      ID,
      { ...base, subdomain: "acme.zendesk.com" },
      "ERR_OPTION_INVALID",
      "subdomain",
      /subdomain/,
    );
    assertRefused(ID, { ...base, email: "ada" }, "ERR_INPUT_RULE", "email", /email/);
    assertRefused(ID, { ...base, name: " " }, "ERR_OPTION_INVALID", "name", /name/);
    assertRefused(ID, { ...base, locale_id: "de" }, "ERR_OPTION_INVALID", "locale_id", /digits/);
    assertRefused(ID, { ...base, return_to: "/hc/en-us" }, "ERR_INPUT_RULE", "return_to", /URL/);
    assertRefused(
      ID,
      { ...base, remote_photo_url: "ftp://x/y.png" },
      "ERR_INPUT_RULE",
      "remote_photo_url",
      /URL/,
    );
    assertRefused(ID, { ...base, shared_secret: "short" }, "ERR_KEY_WEAK", "shared_secret", /Single sign-on/);
  });
});
