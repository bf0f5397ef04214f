import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import type { Locator, Page } from "playwright-core";
import { encodeJwt } from "../../src/jwt/index.js";
import { type RunningService, startService } from "../../src/server/start.js";
import { type OpenChromium, openChromium } from "../helpers/chromium.js";
import { tempDir } from "./helpers.js";

const SCREENSHOT = new URL("../../.tmp/page.png", import.meta.url);

describe("the test page in Chromium", () => {
  let service: RunningService;
  let browser: OpenChromium | undefined;
  let page: Page;
  const problems: string[] = [];

  before(async () => {
    // As `npm start` runs with nothing configured: the page's token route exists only on generated
    // development keys and a loopback address.
    service = await startService(
      { NODE_ENV: "development", HOST: "127.0.0.1", PORT: "0", LOG_LEVEL: "silent" },
      { dataDir: tempDir() },
    );
    browser = await openChromium(problems);
    page = browser.page;
  });

  after(async () => {
    await browser?.close();
    await service?.close();
  });

  it("generates through the server, shows and explains the token, verifies it, and rejects an altered one", async () => {
    await page.goto(`${service.url}/`);
    await page.getByLabel("user_id").fill("browser-user-7");
    await page.getByLabel("email").fill("seven@example.com");
    // Keyboard only: Enter in the form submits it.
    await page.getByLabel("email").press("Enter");
    const payloadView = page.locator("#token-view pre[data-part=payload]");
    await payloadView.waitFor();
    const payload = JSON.parse(await textOf(payloadView));
    assert.equal(payload.user_id, "browser-user-7");
    assert.equal(payload.email, "seven@example.com");
    const token = await page.locator("#verify-input").inputValue();
    const [h, p, s] = token.split(".") as [string, string, string];
    assert.equal(await textOf(page.locator("#token-view .token .part-header")), h);
    assert.equal(await textOf(page.locator("#token-view .token .part-payload")), p);
    assert.equal(await textOf(page.locator("#token-view .token .part-signature")), s);
    const header = JSON.parse(await textOf(page.locator("#token-view pre[data-part=header]")));
    assert.equal(header.alg, "HS256");
    assert.match(header.kid, /^[\w-]{16}$/);
    assert.match(await textOf(page.locator("#token-view")), /Expiration time: refused after this instant/);
    assert.match(await textOf(page.locator("#token-view .countdown")), /^expires in 1[45] min \d\d s$/);

    await page.getByRole("button", { name: "Verify" }).click();
    const result = page.locator("#verify-result [data-valid]");
    await result.waitFor();
    assert.equal(await result.getAttribute("data-valid"), "true");
    assert.match(await textOf(result), /^Valid/);

    // The seed's front end: the token goes to an API as `Authorization: Bearer <token>`.
    await page.getByRole("button", { name: "Call GET /api/1.1/me with it" }).click();
    await page.locator('#api-result [data-status="200"]').waitFor();
    const me = JSON.parse(await textOf(page.locator("#api-result pre[data-part=api-response]")));
    assert.equal(me.response.claims.user_id, "browser-user-7");
    await page.screenshot({ path: screenshotPath(), fullPage: true });

    const altered = `${h}.${p}.${s.slice(0, 8)}${s[8] === "Q" ? "R" : "Q"}${s.slice(9)}`;
    await page.locator("#verify-input").fill(altered);
    await page.getByRole("button", { name: "Verify" }).click();
    await page.locator('#verify-result [data-valid="false"]').waitFor();
    const invalid = await textOf(page.locator("#verify-result"));
    assert.match(invalid, /^Invalid/);
    assert.match(invalid, /ERR_JWS_SIGNATURE_INVALID/);
    assert.match(invalid, /signature does not match/);

    await page.getByRole("button", { name: "Call GET /api/1.1/me with it" }).click();
    await page.locator('#api-result [data-status="401"]').waitFor();
    const refused = await textOf(page.locator("#api-result"));
    assert.match(refused, /WWW-Authenticate: Bearer realm="bubble-jwt", error="invalid_token"/);
    // Chromium logs the refused call as a console error: it is the one this step expects, no other.
    const refusedCalls = problems.filter((text) => text.includes("status of 401"));
    assert.equal(refusedCalls.length, 1);
    problems.splice(0, problems.length, ...problems.filter((text) => !text.includes("status of 401")));
  });

  it("decodes a pasted token in the page without any request leaving it", async () => {
    const requests: string[] = [];
    const record = (request: { url(): string }) => requests.push(request.url());
    page.on("request", record);
    const pasted = encodeJwt(
      { user_id: "pasted-user", plan: "pro" },
      { key: "another-secret-that-is-long-enough-for-hs256!", issuer: "https://elsewhere.example" },
    );
    await page.locator("#decode-input").fill(pasted);
    const decoded = page.locator("#decode-view pre[data-part=payload]");
    await decoded.waitFor();
    const payload = JSON.parse(await textOf(decoded));
    assert.equal(payload.user_id, "pasted-user");
    assert.equal(payload.iss, "https://elsewhere.example");
    assert.match(await textOf(page.locator("#decode-view")), /Issuer: who made the token/);
    await page.locator("#decode-input").fill("not.a-token");
    assert.match(await textOf(page.locator("#decode-view")), /Cannot decode: A JWT has 3 parts/);
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
    page.off("request", record);
    assert.deepEqual(requests, []);
    assert.deepEqual(problems, [], "no console error or CSP violation");
  });
});

function screenshotPath(): string {
  const path = SCREENSHOT.pathname;
  mkdirSync(new URL(".", SCREENSHOT).pathname, { recursive: true });
  return path;
}

/** The element's text; Playwright reads it in the page. */
async function textOf(locator: Locator): Promise<string> {
  return (await locator.textContent()) ?? "";
}
