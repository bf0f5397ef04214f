// The install kit's page in Chromium, served by the playground: the picker narrows the page to the
// chosen actions and the keys they read, its counts match a --only build of the same choice, ticks
// survive a reload, and a shared address reopens the same choice.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { FastifyInstance } from "fastify";
import type { Page } from "playwright-core";
import { buildPlugin } from "../../src/bubble/build/build-plugin.js";
import { fixedClock } from "../../src/jwt/index.js";
import { buildApp } from "../../src/server/app.js";
import { loadConfig } from "../../src/server/load-config.js";
import { type OpenChromium, openChromium } from "../helpers/chromium.js";
import { tempDir } from "./helpers.js";

const CHOICE = ["encode-jwt", "apple-client-secret"];

/** What a --only build of the choice holds: actions, fields and plugin keys, from its files. */
function costOf(dir: string): { actions: number; fields: number; keys: number } {
  const read = (file: string) => JSON.parse(readFileSync(join(dir, file), "utf8"));
  const folders = readdirSync(join(dir, "actions"));
  const fields = folders.reduce(
    (sum, folder) => sum + Object.keys(read(`actions/${folder}/params.json`).fields).length,
    0,
  );
  return {
    actions: folders.length,
    fields,
    keys: Object.keys(read("shared_tech_params.json").shared_keys).length,
  };
}

describe("the install kit page in Chromium", () => {
  let app: FastifyInstance;
  let url: string;
  let onlyDir: string;
  let browser: OpenChromium | undefined;
  let page: Page;
  const problems: string[] = [];

  before(async () => {
    const pluginDir = (await buildPlugin({ outDir: join(tempDir(), "bubble-plugin"), check: true })).outDir;
    onlyDir = (await buildPlugin({ outDir: join(tempDir(), "only"), check: true, only: CHOICE })).outDir;
    const config = loadConfig(
      { NODE_ENV: "development", HOST: "127.0.0.1", PORT: "0", LOG_LEVEL: "silent" },
      { dataDir: tempDir() },
    );
    app = await buildApp(config, { clock: fixedClock(Date.UTC(2026, 0, 15)), playground: { pluginDir } });
    await app.listen({ host: "127.0.0.1", port: 0 });
    url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    browser = await openChromium(problems);
    page = browser.page;
  });

  after(async () => {
    await browser?.close();
    await app?.close();
  });

  const visibleSections = () =>
    page
      .locator("section.action:not([hidden])")
      .evaluateAll((nodes) => nodes.map((node) => node.getAttribute("data-key")));
  const visibleKeys = () =>
    page
      .locator("tr[data-plugin-key]:not([hidden])")
      .evaluateAll((nodes) => nodes.map((node) => node.getAttribute("data-plugin-key")));
  const cost = async () => ({
    actions: Number(await page.locator("#cost-actions").textContent()),
    fields: Number(await page.locator("#cost-fields").textContent()),
    keys: Number(await page.locator("#cost-keys").textContent()),
  });

  it("is linked from each action of the playground, opened with that action chosen", async () => {
    await page.goto(`${url}/plugin`);
    const hint = page.locator('[data-install="apple-client-secret"]');
    await hint.waitFor();
    assert.match(String(await hint.textContent()), /--only apple-client-secret/);
    await hint.locator("a").click();
    await page.waitForURL(/\/plugin\/install#only=apple-client-secret$/);
    await page.locator("#cost-actions").waitFor();
    assert.deepEqual(await visibleSections(), ["apple-client-secret"]);
    assert.deepEqual(await visibleKeys(), ["APPLE_PRIVATE_KEY"]);
    assert.equal((await cost()).actions, 1);
  });

  it("narrows the page to the chosen actions and keys, with the counts of a --only build", async () => {
    await page.locator('input.pick-action[value="encode-jwt"]').check();
    assert.deepEqual(await visibleSections(), CHOICE);
    assert.deepEqual((await visibleKeys()).sort(), ["APPLE_PRIVATE_KEY", "JWT_PRIVATE_KEY", "JWT_SECRET"]);
    assert.deepEqual(await cost(), costOf(onlyDir));
    assert.ok(page.url().endsWith(`#only=${CHOICE.join(",")}`), page.url());
    assert.equal(
      await page.locator("#only-command").textContent(),
      `bubble-jwt plugin install-kit --only ${CHOICE.join(",")}`,
    );
  });

  it("searches the picker without changing the choice", async () => {
    await page.locator("#search").fill("zoom");
    const shown = await page
      .locator("label.pick:not([hidden]) input")
      .evaluateAll((nodes) => nodes.map((node) => (node as HTMLInputElement).value));
    assert.deepEqual(shown, ["zoom-meeting-sdk", "zoom-video-sdk"]);
    assert.deepEqual(await visibleSections(), CHOICE);
    await page.locator("#search").fill("");
  });

  it("keeps ticks and copied marks across a reload, and says how much is left", async () => {
    const before = String(await page.locator("#progress").textContent());
    const total = Number(/of (\d+) steps/.exec(before)?.[1]);
    assert.match(before, /^0 of \d+ steps done/);
    const apple = page.locator('section.action[data-key="apple-client-secret"]');
    await apple.locator("h3 input.tick").check();
    await apple.locator("tr[data-field] input.tick").first().check();
    await page.locator('tr[data-plugin-key="APPLE_PRIVATE_KEY"] input.tick').check();
    await apple.locator("h4 button.copy").click();
    assert.equal(await apple.locator("h4 .copied").isVisible(), true);
    assert.match(
      String(await page.locator("#progress").textContent()),
      new RegExp(`^3 of ${total} steps done, ${total - 3} left`),
    );
    await page.reload();
    await page.locator("#cost-actions").waitFor();
    assert.deepEqual(await visibleSections(), CHOICE, "the address kept the choice");
    assert.equal(await apple.locator("h3 input.tick").isChecked(), true);
    assert.equal(await apple.locator("tr[data-field] input.tick").first().isChecked(), true);
    assert.equal(await page.locator('tr[data-plugin-key="APPLE_PRIVATE_KEY"] input.tick').isChecked(), true);
    assert.equal(await apple.locator("h4 .copied").isVisible(), true);
    assert.match(
      String(await page.locator("#progress").textContent()),
      new RegExp(`^3 of ${total} steps done`),
    );
  });

  it("reopens a shared address with the same choice, groups included", async () => {
    const other = await page.context().newPage();
    try {
      await other.goto(`${url}/plugin/install#only=${CHOICE.join(",")}`);
      await other.locator("#cost-actions").waitFor();
      const chosen = await other
        .locator("input.pick-action:checked")
        .evaluateAll((nodes) => nodes.map((node) => (node as HTMLInputElement).value));
      assert.deepEqual(chosen, CHOICE);
      await other.goto(`${url}/plugin/install#only=zoom`);
      await other.locator("#cost-actions").waitFor();
      const zoom = await other
        .locator("section.action:not([hidden])")
        .evaluateAll((nodes) => nodes.map((node) => node.getAttribute("data-key")));
      assert.deepEqual(zoom, ["zoom-meeting-sdk", "zoom-video-sdk"]);
      assert.equal(await other.locator('input.pick-group[value="zoom"]').isChecked(), true);
    } finally {
      await other.close();
    }
  });

  it("loads nothing from the network and breaks no rule of its policy", async () => {
    const response = await page.request.get(`${url}/plugin/install`);
    assert.match(String(response.headers()["content-security-policy"]), /default-src 'none'/);
    const html = await response.text();
    assert.doesNotMatch(html, /<(script|link|img)[^>]+(src|href)=/i);
    assert.deepEqual(problems, []);
  });
});
