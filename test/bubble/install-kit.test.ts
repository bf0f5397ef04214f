// The by-hand install kit is made from the built files and must say, field by field and in rank
// order, exactly what each params.json says, with the whole server.js to paste.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  fieldSettings,
  type InstallKit,
  readInstallKit,
  renderInstallHtml,
  renderInstallMarkdown,
} from "../../src/bubble/build/install-kit.js";
import { installKitFiles } from "../../src/bubble/index.js";
import { type BuiltTestPlugin, buildTestPlugin } from "./helpers/plugin.js";

let plugin: BuiltTestPlugin;
let files: Map<string, string>;
let kit: InstallKit;

function readTree(dir: string, prefix = ""): Map<string, string> {
  const found = new Map<string, string>();
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const path = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) for (const [key, value] of readTree(dir, path)) found.set(key, value);
    else found.set(path, readFileSync(join(dir, path), "utf8"));
  }
  return found;
}

before(async () => {
  plugin = await buildTestPlugin();
  files = readTree(plugin.dir);
  kit = readInstallKit(files);
});
after(() => plugin.remove());

describe("the install kit", () => {
  it("is written by the build beside the plugin, made from the built files", () => {
    const kit = installKitFiles(files);
    assert.deepEqual([...kit.keys()].sort(), ["INSTALL.html", "INSTALL.md"]);
    for (const [file, text] of kit) assert.equal(files.get(file), text, file);
    assert.match(files.get("INSTALL.md") ?? "", /^# Install bubble-jwt/);
  });

  it("lists every plugin key of shared_tech_params.json", () => {
    const shared = JSON.parse(files.get("shared_tech_params.json") ?? "{}");
    const markdown = renderInstallMarkdown(kit);
    for (const key of Object.values(shared.shared_keys) as { caption: string }[]) {
      assert.match(markdown, new RegExp(`\\| ${key.caption} \\| Secure \\(server only\\) \\|`));
    }
  });

  it("gives each action's fields and return values in rank order with every setting of params.json", () => {
    const markdown = renderInstallMarkdown(kit);
    const folders = [...files.keys()].filter((path) => path.endsWith("/params.json"));
    assert.ok(folders.length >= 4);
    for (const path of folders) {
      const params = JSON.parse(files.get(path) ?? "{}");
      const section = markdown.slice(markdown.indexOf(`. ${params.display}\n`));
      const fields = Object.values(params.fields) as {
        rank: number;
        caption: string;
        name: string;
        optional?: boolean;
        default_val?: unknown;
        options?: string;
        editor: string;
      }[];
      fields.sort((a, b) => a.rank - b.rank);
      let cursor = 0;
      fields.forEach((field, index) => {
        const line = `${index + 1}. Caption: \`${field.caption.replaceAll("`", "'")}\`; Key name: \`${field.name}\``;
        const at = section.indexOf(line, cursor);
        assert.ok(at >= cursor, `${params.display}: field ${field.name} missing or out of order`);
        cursor = at;
        const settings = Object.fromEntries(fieldSettings(field as never));
        if (field.editor !== "Checkbox")
          assert.equal(settings.Optional, field.optional === true ? "yes" : "no");
        if (field.default_val !== undefined) assert.equal(settings.Default, String(field.default_val));
        if (field.options !== undefined) assert.equal(settings.Choices, field.options);
      });
      const returns = Object.values(params.return_value) as { rank: number; name: string }[];
      returns.sort((a, b) => a.rank - b.rank);
      for (const [index, item] of returns.entries()) {
        assert.ok(
          section.includes(`${index + 1}. Key: \`${item.name}\``),
          `${params.display}: return ${item.name}`,
        );
      }
      const serverJs = files.get(path.replace("params.json", "server.js")) ?? "";
      assert.ok(section.includes(`\`\`\`js\n${serverJs}\n\`\`\``), `${params.display}: the whole server.js`);
    }
  });

  it("writes an offline HTML page with the same fields, a copy button per block, and escaped code", () => {
    const html = renderInstallHtml(kit);
    assert.doesNotMatch(html, /<(script|link|img)[^>]+(src|href)=/i, "nothing loads from the network");
    for (const action of kit.actions) {
      assert.ok(html.includes(`data-action="${action.display}"`), action.display);
      const order = [...html.matchAll(/data-field="([^"]+)"/g)].map((match) => match[1]);
      for (const field of action.fields) assert.ok(order.includes(field.name), field.name);
      const escaped = action.serverJs
        .replaceAll("&", "&amp;")
        .replaceAll("<", "&lt;")
        .replaceAll(">", "&gt;")
        .replaceAll('"', "&quot;");
      assert.ok(html.includes(escaped), `${action.display}: code is present and escaped`);
    }
    const buttons = html.match(/<button class="copy"/g) ?? [];
    assert.ok(buttons.length > kit.actions.length * 3);
    assert.equal(renderInstallHtml(kit), html, "the same kit gives the same bytes");
  });
});
