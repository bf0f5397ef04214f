import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { FastifyInstance } from "fastify";
import type { Locator, Page } from "playwright-core";
import { buildPlugin } from "../../src/bubble/build/build-plugin.js";
import { runPluginAction } from "../../src/bubble/runtime/run-plugin-action.js";
import { fixedClock } from "../../src/jwt/index.js";
import { buildApp } from "../../src/server/app.js";
import {
  type BuiltPluginView,
  type PluginAction,
  readBuiltPlugin,
} from "../../src/server/lib/built-plugin.js";
import { loadConfig } from "../../src/server/load-config.js";
import { type OpenChromium, openChromium } from "../helpers/chromium.js";
import { tempDir } from "./helpers.js";

const SCREENSHOT = new URL("../../.tmp/playground.png", import.meta.url);
const SECRET = "browser-playground-secret-0123456789-abcdefghij";
const CLAIMS = { user_id: "browser-user-9", email: "nine@example.com" };
/** The service's clock and the direct runs' clock: the same instant, so HMAC tokens compare equal. */
const clock = fixedClock(Math.floor(Date.now() / 1000) * 1000);

describe("the plugin playground in Chromium", () => {
  let app: FastifyInstance;
  let url: string;
  let pluginDir: string;
  let plugin: BuiltPluginView;
  let browser: OpenChromium | undefined;
  let page: Page;
  const problems: string[] = [];
  /** What each run returned, by action display name, for the steps after it. */
  const shown = new Map<string, Record<string, unknown>>();

  before(async () => {
    // The real build of the current sources: whatever actions the registry has, recipes included.
    pluginDir = (await buildPlugin({ outDir: join(tempDir(), "bubble-plugin") })).outDir;
    plugin = (await readBuiltPlugin(pluginDir)) as BuiltPluginView;
    // As `npm start` runs with nothing configured: generated development keys, a loopback address.
    const config = loadConfig(
      { NODE_ENV: "development", HOST: "127.0.0.1", PORT: "0", LOG_LEVEL: "silent" },
      { dataDir: tempDir() },
    );
    app = await buildApp(config, { clock, playground: { pluginDir } });
    await app.listen({ host: "127.0.0.1", port: 0 });
    url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    browser = await openChromium(problems);
    page = browser.page;
  });

  after(async () => {
    await browser?.close();
    await app?.close();
  });

  it("draws every action of the built plugin, each form from its params.json", async () => {
    await page.goto(`${url}/plugin`);
    await page
      .locator("[data-action]")
      .nth(plugin.actions.length - 1)
      .waitFor();
    assert.equal(await page.locator("[data-action]").count(), plugin.actions.length);
    for (const caption of plugin.keys) {
      assert.equal(await page.getByLabel(caption, { exact: true }).getAttribute("type"), "password");
    }
    for (const action of plugin.actions) {
      const section = page.locator(`[data-action="${action.id}"]`);
      assert.match(await textOf(section.locator("h2")), new RegExp(`^${escapeRegExp(action.display)}`));
      const drawn = await section.locator("[data-field]").evaluateAll((nodes) =>
        nodes.map((node) => ({
          name: node.getAttribute("data-field"),
          tag: node.tagName.toLowerCase(),
          type: node.getAttribute("type"),
          value: (node as HTMLInputElement).value,
          checked: (node as HTMLInputElement).checked,
          options: Array.from((node as HTMLSelectElement).options ?? [], (option) => option.value),
          help: document.getElementById(node.getAttribute("aria-describedby") ?? "")?.textContent ?? "",
        })),
      );
      const fields = action.fields.filter((field) => field.editor !== "Label");
      assert.deepEqual(
        drawn.map((item) => item.name),
        fields.map((field) => field.name),
        `${action.display}: fields in rank order`,
      );
      fields.forEach((field, index) => {
        const item = drawn[index] as (typeof drawn)[number];
        const where = `${action.display} / ${field.name}`;
        assert.equal(item.help, field.doc, where);
        if (field.editor === "Checkbox") {
          assert.equal(item.type, "checkbox", where);
          assert.equal(item.checked, field.default_val === true, where);
        } else if (field.editor === "Dropdown") {
          assert.equal(item.tag, "select", where);
          assert.deepEqual(
            item.options.filter((option) => option !== ""),
            field.options,
            where,
          );
          assert.equal(item.value, String(field.default_val ?? ""), where);
        } else if (field.long_text || field.is_list) {
          assert.equal(item.tag, "textarea", where);
        } else if (field.value === "number") {
          assert.equal(item.type, "number", where);
          assert.equal(item.value, field.default_val === undefined ? "" : String(field.default_val), where);
        } else if (field.value === "date") {
          assert.equal(item.type, "datetime-local", where);
        }
      });
    }
  });

  it("runs every action from its form and shows what runPluginAction returns for the same input", async () => {
    await page.getByLabel("JWT_SECRET", { exact: true }).fill(SECRET);
    // Encode first: its token feeds Decode and Verify.
    const ordered = [...plugin.actions].sort(
      (a, b) => Number(b.display === "Encode JWT") - Number(a.display === "Encode JWT"),
    );
    for (const action of ordered) {
      const section = page.locator(`[data-action="${action.id}"]`);
      await fillForm(section, action, shown.get("Encode JWT")?.token as string | undefined);
      const values = await runAndCompare(page, section, action, pluginDir);
      if (values !== null) shown.set(action.display, values);
    }

    // The four core actions, in words: each did its job with the values typed in the page.
    const encoded = shown.get("Encode JWT") as Record<string, unknown>;
    assert.equal(encoded.ok, true);
    assert.match(encoded.token as string, /^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/);
    const decoded = shown.get("Decode JWT") as Record<string, unknown>;
    assert.deepEqual(JSON.parse(decoded.payload_json as string).user_id, CLAIMS.user_id);
    const verified = shown.get("Verify JWT") as Record<string, unknown>;
    assert.equal(verified.valid, true);
    assert.equal(JSON.parse(verified.payload_json as string).email, CLAIMS.email);
    const generated = shown.get("Generate secret or key pair") as Record<string, unknown>;
    assert.equal(generated.ok, true);
    assert.ok((generated.secret as string).length >= 43);
    const verifyRow = page.locator('[data-outcome] tr[data-return="valid"]').first();
    assert.equal(await textOf(verifyRow.locator(".value")), "yes");
    await page.screenshot({ path: screenshotPath(), fullPage: true });
  });

  it("highlights error and error code when ok or valid is no", async () => {
    const token = shown.get("Encode JWT")?.token as string;
    const verify = plugin.actions.find((action) => action.display === "Verify JWT") as PluginAction;
    const section = page.locator(`[data-action="${verify.id}"]`);
    await section
      .locator('[data-field="token"]')
      .fill(`${token.slice(0, -2)}${token.endsWith("AA") ? "BB" : "AA"}`);
    const values = (await runAndCompare(page, section, verify, pluginDir)) as Record<string, unknown>;
    assert.equal(values.valid, false);
    assert.equal(values.reason_code, "ERR_JWS_SIGNATURE_INVALID");
    const outcome = section.locator("[data-outcome]");
    assert.equal(await outcome.getAttribute("data-state"), "failed");
    assert.equal(await textOf(outcome.locator(".badge")), "valid = no");
    for (const name of ["reason_code", "error"]) {
      assert.equal(await outcome.locator(`tr[data-return="${name}"]`).getAttribute("class"), "flag", name);
    }
    assert.equal(await outcome.locator('tr[data-return="subject"] .value').textContent(), "(empty)");

    const decode = plugin.actions.find((action) => action.display === "Decode JWT") as PluginAction;
    const decodeSection = page.locator(`[data-action="${decode.id}"]`);
    await decodeSection.locator('[data-field="token"]').fill("not-a-token");
    const failed = (await runAndCompare(page, decodeSection, decode, pluginDir)) as Record<string, unknown>;
    assert.equal(failed.ok, false);
    assert.equal(await decodeSection.locator('tr[data-return="error_code"]').getAttribute("class"), "flag");

    // Ticking "Stop the workflow on error" makes the action throw: the page says the workflow stops.
    await decodeSection.locator('[data-field="stop_on_error"]').check();
    assert.equal(await runAndCompare(page, decodeSection, decode, pluginDir), null);
    assert.equal(await decodeSection.locator("[data-outcome]").getAttribute("data-state"), "thrown");
  });

  it("keeps the plugin keys in the tab's memory only", async () => {
    const stored = await page.evaluate(() => ({
      local: localStorage.length,
      session: sessionStorage.length,
      cookies: document.cookie,
    }));
    assert.deepEqual(stored, { local: 0, session: 0, cookies: "" });
    await page.reload();
    await page.locator("[data-action]").first().waitFor();
    assert.equal(await page.getByLabel("JWT_SECRET", { exact: true }).inputValue(), "");
    assert.deepEqual(problems, [], "no console error or CSP violation");
  });
});

/**
 * Fills the fields a run needs with values that fit them (json data, the token from Encode, a key for
 * private-key fields); required fields nothing here knows get a placeholder, and the run is still
 * compared with runPluginAction. Optional fields keep the defaults the form prefilled.
 */
async function fillForm(section: Locator, action: PluginAction, token: string | undefined): Promise<void> {
  for (const field of action.fields) {
    const input = section.locator(`[data-field="${field.name}"]`);
    if (field.editor === "Checkbox" || field.editor === "Dropdown" || field.editor === "Label") continue;
    const value = fitValue(field.name, field.value, token);
    if (value !== undefined && (!field.optional || field.name === "json_data")) await input.fill(value);
  }
}

function fitValue(name: string, type: string, token: string | undefined): string | undefined {
  if (name === "json_data") return JSON.stringify(CLAIMS);
  if (name === "token") return token;
  if (type === "number") return "5";
  if (type === "date") return "2030-01-02T03:04";
  if (type === "boolean") return undefined;
  if (/private_key/.test(name)) return RSA_KEY;
  if (/email/.test(name)) return "dev@example.com";
  if (/url/.test(name)) return undefined; // never send an action to the network from a test
  return "playground-test";
}

const RSA_KEY = generateKeyPairSync("rsa", { modulusLength: 2048 })
  .privateKey.export({ type: "pkcs8", format: "pem" })
  .toString();

/**
 * Clicks Run, takes the JSON the page sent, runs the same input through runPluginAction twice on the
 * same clock, and checks what the page shows against it: every value both direct runs agree on exactly
 * (yes/no, dates by their ISO form, "(empty)"), random ones (new secrets, jti) by being filled or empty.
 * Returns the page's values, or null when the action threw.
 */
async function runAndCompare(
  page: Page,
  section: Locator,
  action: PluginAction,
  pluginDir: string,
): Promise<Record<string, unknown> | null> {
  const outcome = section.locator("[data-outcome]");
  const [request, response] = await Promise.all([
    page.waitForRequest((request) => request.url().endsWith("/plugin/run")),
    page.waitForResponse((response) => response.url().endsWith("/plugin/run")),
    section.getByRole("button", { name: "Run" }).click(),
  ]);
  await section.locator("[data-outcome][data-state]").waitFor();
  const sent = request.postDataJSON() as {
    action: string;
    input: Record<string, unknown>;
    keys: Record<string, string>;
  };
  assert.equal(sent.action, action.id);
  const keys = Object.fromEntries(Object.entries(sent.keys).filter(([, value]) => value !== ""));
  type Ran = { values: Record<string, unknown> | null; thrown: string | null };
  const direct = (): Promise<Ran> =>
    runPluginAction({ pluginDir, action: action.id, input: sent.input, keys, clock }).then(
      (values) => ({ values, thrown: null }),
      (error: Error) => ({ values: null, thrown: error.message }),
    );
  const first = await direct();
  const second = await direct();
  const answer = (await response.json()).response as {
    values: Record<string, unknown> | null;
    thrown: string | null;
  };
  if (first.thrown !== null) {
    assert.equal(answer.thrown, first.thrown, `${action.display} threw`);
    assert.equal(await outcome.getAttribute("data-state"), "thrown");
    assert.equal(await textOf(outcome.locator("[data-thrown]")), first.thrown);
    return null;
  }
  assert.equal(answer.thrown, null, `${action.display}: ${answer.thrown}`);
  for (const item of action.returns) {
    const expected: unknown = (first.values as Record<string, unknown>)[item.name];
    const again = (second.values as Record<string, unknown>)[item.name];
    const cell = outcome.locator(`tr[data-return="${item.name}"] td`).nth(1);
    const where = `${action.display} / ${item.name}`;
    const empty = expected === null || expected === "";
    if (empty) {
      assert.equal(await textOf(cell), "(empty)", where);
    } else if (JSON.stringify(expected) !== JSON.stringify(again)) {
      assert.notEqual(await textOf(cell), "(empty)", `${where}: a random value is shown`);
    } else if (expected instanceof Date) {
      assert.equal(await cell.locator("[data-iso]").getAttribute("data-iso"), expected.toISOString(), where);
      assert.match(await textOf(cell), new RegExp(`\\(${escapeRegExp(expected.toISOString())}\\)$`), where);
    } else if (typeof expected === "boolean") {
      assert.equal(await textOf(cell), expected ? "yes" : "no", where);
    } else if (Array.isArray(expected)) {
      assert.deepEqual(await cell.locator("li").allTextContents(), expected.map(String), where);
    } else {
      assert.equal(await textOf(cell), String(expected), where);
    }
  }
  return answer.values;
}

function screenshotPath(): string {
  mkdirSync(new URL(".", SCREENSHOT).pathname, { recursive: true });
  return SCREENSHOT.pathname;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

async function textOf(locator: Locator): Promise<string> {
  return (await locator.textContent()) ?? "";
}
