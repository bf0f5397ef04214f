import { createHash } from "node:crypto";

/**
 * The install kit: the plugin written out as the steps a person takes in Bubble's plugin editor,
 * for the route that always works (by hand). It is made from the built files themselves
 * (meta_data.json, shared_tech_params.json, each params.json and server.js), so it can never
 * disagree with what GitHub sync would carry.
 */

/** One field of a params.json, as Bubble writes it. */
interface ParamsField {
  caption: string;
  doc?: string;
  editor: string;
  name: string;
  rank: number;
  value?: string;
  optional?: boolean;
  default_val?: string | number | boolean;
  long_text?: boolean;
  options?: string;
  is_list?: boolean;
}

interface ParamsReturn {
  caption: string;
  name: string;
  rank: number;
  value: string;
  is_list?: boolean;
}

interface ActionParams {
  display: string;
  type: string;
  fields: Record<string, ParamsField>;
  return_value: Record<string, ParamsReturn>;
}

/** One action of the kit, in editor order. */
export interface KitAction {
  readonly folder: string;
  /** Its Bubble ID (the folder's first part). */
  readonly id: string;
  /** Its --only id (the action key), or its ID when the kit has no catalog. */
  readonly key: string;
  /** What it is for, for the page's picker: a group id ("core", "apple") and its heading. */
  readonly group: string;
  readonly groupLabel: string;
  /** The plugin keys (captions) it reads. */
  readonly keys: readonly string[];
  readonly display: string;
  readonly type: string;
  readonly fields: readonly (ParamsField & { id: string })[];
  readonly returns: readonly (ParamsReturn & { id: string })[];
  readonly serverJs: string;
}

export interface InstallKit {
  readonly pluginName: string;
  /** The version ticks are kept under in the browser (the package's version). */
  readonly version: string;
  readonly nodeVersion: unknown;
  readonly keys: readonly { id: string; caption: string; type: string }[];
  readonly actions: readonly KitAction[];
}

/**
 * What the build knows of each action besides its files (from the action definitions): its --only
 * id, its group and the plugin keys it reads. Actions of the files that it does not list are left out
 * of the kit, and so are the keys none of its actions read.
 */
export interface KitCatalog {
  readonly version: string;
  readonly actions: readonly {
    id: string;
    key: string;
    group: string;
    groupLabel: string;
    keys: readonly string[];
  }[];
}

/** Reads the kit's facts from the built plugin's files (paths relative to the plugin folder). */
export function readInstallKit(files: ReadonlyMap<string, string>, catalog?: KitCatalog): InstallKit {
  const meta = JSON.parse(required(files, "meta_data.json")) as { name: string; sa_node_version: unknown };
  const shared = JSON.parse(required(files, "shared_tech_params.json")) as {
    shared_keys?: Record<string, { caption: string; type: string }>;
  };
  const allKeys = Object.entries(shared.shared_keys ?? {}).map(([id, key]) => ({ id, ...key }));
  const folders = [...files.keys()]
    .filter((path) => /^actions\/[^/]+\/params\.json$/.test(path))
    .map((path) => path.slice(0, -"/params.json".length))
    .sort();
  const actions = folders.flatMap((folder) => {
    const id = folder.slice("actions/".length).split("-")[0] as string;
    if (catalog === undefined) {
      const keys = allKeys.map((key) => key.caption);
      return [readAction(folder, files, { id, key: id, group: "actions", groupLabel: "Actions", keys })];
    }
    const known = catalog.actions.find((action) => action.id === id);
    return known === undefined ? [] : [readAction(folder, files, known)];
  });
  const read = new Set(actions.flatMap((action) => action.keys));
  const keys = allKeys.filter((key) => read.has(key.caption));
  return {
    pluginName: meta.name,
    version: catalog?.version ?? "unversioned",
    nodeVersion: meta.sa_node_version,
    keys,
    actions,
  };
}

function readAction(
  folder: string,
  files: ReadonlyMap<string, string>,
  known: KitCatalog["actions"][number],
): KitAction {
  const params = JSON.parse(required(files, `${folder}/params.json`)) as ActionParams;
  const byRank = <T extends { rank: number }>(record: Record<string, T>) =>
    Object.entries(record)
      .map(([id, item]) => ({ id, ...item }))
      .sort((a, b) => a.rank - b.rank);
  return {
    folder,
    id: known.id,
    key: known.key,
    group: known.group,
    groupLabel: known.groupLabel,
    keys: [...known.keys],
    display: params.display,
    type: params.type,
    fields: byRank(params.fields),
    returns: byRank(params.return_value),
    serverJs: required(files, `${folder}/server.js`),
  };
}

function required(files: ReadonlyMap<string, string>, path: string): string {
  const text = files.get(path);
  if (text === undefined) throw new Error(`The built plugin has no ${path}: build it first.`);
  return text;
}

/** What the editor calls a field's type. */
function fieldType(field: ParamsField): string {
  const base =
    field.editor === "Checkbox"
      ? "yes / no"
      : field.editor === "Dropdown"
        ? "text (dropdown)"
        : typeLabel(field.value);
  return field.is_list === true ? `list of ${base}` : base;
}

function typeLabel(value: string | undefined): string {
  if (value === "boolean") return "yes / no";
  return value ?? "text";
}

function editorLabel(field: ParamsField): string {
  if (field.editor === "DynamicValue")
    return field.long_text === true ? "Dynamic value (long text)" : "Dynamic value";
  return field.editor;
}

/** One field's settings, as lines of "setting: value". */
export function fieldSettings(field: ParamsField): [string, string][] {
  const settings: [string, string][] = [
    ["Caption", field.caption],
    ["Key name", field.name],
    ["Editor", editorLabel(field)],
    ["Type", fieldType(field)],
  ];
  if (field.editor !== "Checkbox") settings.push(["Optional", field.optional === true ? "yes" : "no"]);
  if (field.options !== undefined) settings.push(["Choices", field.options]);
  if (field.default_val !== undefined) settings.push(["Default", String(field.default_val)]);
  if (field.doc !== undefined) settings.push(["Doc", field.doc]);
  return settings;
}

/** INSTALL.md: every step of the by-hand install, in order. */
export function renderInstallMarkdown(kit: InstallKit): string {
  const lines = [
    `# Install ${kit.pluginName} by hand`,
    "",
    "<!-- Generated by the plugin build from the files beside it: do not edit. -->",
    "",
    "This works in any Bubble account: create the plugin in the plugin editor and copy each setting below.",
    "Each action's code is the `server.js` file in its folder; it needs no npm package.",
    `Actions here: ${kit.actions.map((action) => `\`${action.key}\``).join(", ")}. To install only some, write a kit of ` +
      "those with `bubble-jwt plugin install-kit --only ID,...` (or choose them in INSTALL.html); their IDs stay the same.",
    "",
    "## 1. The plugin",
    "",
    `- In the plugin editor, create a new plugin named "${kit.pluginName}".`,
    `- Settings: Plugin API version 4; server-side actions run on Node.js ${String(kit.nodeVersion)}.`,
    "",
    "## 2. Plugin keys (Shared tab, Additional keys)",
    "",
    "| Key name | Type |",
    "|---|---|",
    ...kit.keys.map(
      (key) => `| ${key.caption} | ${key.type === "secure" ? "Secure (server only)" : key.type} |`,
    ),
    "",
    "## 3. Actions (Actions tab, Add a new action)",
    "",
  ];
  kit.actions.forEach((action, index) => {
    lines.push(...actionMarkdown(action, index + 1));
  });
  return `${lines.join("\n")}\n`;
}

function actionMarkdown(action: KitAction, number: number): string[] {
  const lines = [
    `### 3.${number}. ${action.display}`,
    "",
    `Name: **${action.display}**. Action type: **${action.type === "server_side" ? "Server side" : action.type}**. ` +
      'Leave "This action uses node modules" unticked.',
    "",
    "Fields, in this order:",
    "",
  ];
  action.fields.forEach((field, index) => {
    lines.push(
      `${index + 1}. ${fieldSettings(field)
        .map(([name, value]) => `${name}: ${mdCode(value, name)}`)
        .join("; ")}`,
    );
  });
  lines.push("", "Returned values, in this order:", "");
  action.returns.forEach((item, index) => {
    lines.push(`${index + 1}. Key: \`${item.name}\`; caption: ${item.caption}; type: ${returnType(item)}`);
  });
  lines.push(
    "",
    `Code (from \`${action.folder}/server.js\`, ${action.serverJs.length.toLocaleString("en-US")} characters):`,
    "",
    "```js",
    action.serverJs,
    "```",
    "",
  );
  return lines;
}

function mdCode(value: string, setting: string): string {
  return setting === "Doc" ? value : `\`${value.replaceAll("`", "'")}\``;
}

function returnType(item: ParamsReturn): string {
  const base = typeLabel(item.value);
  return item.is_list === true ? `list of ${base}` : base;
}

/**
 * INSTALL.html: the same steps as a page that works offline. It opens with a picker (the actions by
 * what they are for, a search box, what the choice costs), shows only the chosen actions and the keys
 * they read, keeps the choice in the address (`#only=apple-client-secret,encode-jwt`) and the builder's
 * ticks in the browser (localStorage, per plugin version), with a Copy button per value and block.
 */
export function renderInstallHtml(kit: InstallKit): string {
  const copyable = copyableMaker();
  const keys = kit.keys
    .map(
      (key) =>
        `<tr data-plugin-key="${escapeHtml(key.caption)}"><td>${tick(`key:${key.id}`)}</td><td>${copyable(key.caption, `key:${key.id}`)}</td><td>${key.type === "secure" ? "Secure (server only)" : escapeHtml(key.type)}</td></tr>`,
    )
    .join("\n");
  const actions = kit.actions.map((action, index) => actionHtml(action, index + 1, copyable)).join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Install ${escapeHtml(kit.pluginName)} by hand</title>
<style>${INSTALL_CSS}</style>
</head>
<body data-plugin="${escapeHtml(kit.pluginName)}" data-version="${escapeHtml(kit.version)}">
<!-- Generated by the plugin build from the files beside it: do not edit. -->
<h1>Install ${escapeHtml(kit.pluginName)} by hand</h1>
<p>This works in any Bubble account. Create the plugin in the plugin editor, then copy each setting below
(the <em>Copy</em> buttons put the exact text on the clipboard). Nothing on this page loads from the network.</p>
${pickerHtml(kit)}
<p id="progress" class="progress"></p>
<h2>1. The plugin</h2>
<p>Name: ${copyable(kit.pluginName, "plugin")}. Plugin API version 4; server-side actions run on Node.js ${escapeHtml(String(kit.nodeVersion))}.</p>
<h2>2. Plugin keys (Shared tab, Additional keys)</h2>
<p id="no-keys" hidden>The chosen actions read no plugin key.</p>
<table id="keys"><tr><th>Done</th><th>Key name</th><th>Type</th></tr>
${keys}
</table>
<h2>3. Actions</h2>
${actions}
<script>${INSTALL_SCRIPT}</script>
</body>
</html>
`;
}

/** The picker: each action under its group, with what it costs (fields) and the keys it reads. */
function pickerHtml(kit: InstallKit): string {
  const groups = new Map<string, { label: string; actions: KitAction[] }>();
  for (const action of kit.actions) {
    const group = groups.get(action.group) ?? { label: action.groupLabel, actions: [] };
    group.actions.push(action);
    groups.set(action.group, group);
  }
  const blocks = [...groups].map(([id, group]) => {
    const items = group.actions
      .map((action) => {
        const search = `${action.display} ${action.key} ${group.label}`.toLowerCase();
        return `<label class="pick" data-search="${escapeHtml(search)}"><input type="checkbox" class="pick-action" value="${escapeHtml(action.key)}" data-group="${escapeHtml(id)}" data-fields="${action.fields.length}" data-keys="${escapeHtml(action.keys.join(" "))}"> ${escapeHtml(action.display)} <code>${escapeHtml(action.key)}</code></label>`;
      })
      .join("\n");
    return `<fieldset class="group" data-group="${escapeHtml(id)}"><legend><label><input type="checkbox" class="pick-group" value="${escapeHtml(id)}"> ${escapeHtml(group.label)}</label></legend>
${items}
</fieldset>`;
  });
  return `<section id="picker">
<h2>Choose the actions you use</h2>
<p><input type="search" id="search" placeholder="Search actions (name, id, provider)" aria-label="Search actions">
<button type="button" id="pick-all">All</button> <button type="button" id="pick-none">None</button></p>
<div class="groups">
${blocks.join("\n")}
</div>
<p id="cost" class="cost">Your choice: <strong id="cost-actions">0</strong> actions, <strong id="cost-fields">0</strong> fields, <strong id="cost-keys">0</strong> plugin keys to create.</p>
<p>The same choice from the command line: <code id="only-command"></code><button class="copy" type="button" data-copy="only-command" data-mark="only-command">Copy</button><span class="copied" hidden>copied</span>.
This page's address keeps the choice: share it to share the choice.</p>
</section>`;
}

/** A tick box the page keeps in the browser under `id`. */
function tick(id: string): string {
  return `<input type="checkbox" class="tick" data-tick="${escapeHtml(id)}" aria-label="Done">`;
}

type Copyable = ((text: string, mark: string) => string) & { nextId: () => string };

/**
 * Text shown as code with a Copy button and its "copied" mark (kept under `mark`, a stable name);
 * ids are numbered per page, so a page's bytes never vary.
 */
function copyableMaker(): Copyable {
  let count = 0;
  const nextId = () => {
    count += 1;
    return `c${count}`;
  };
  const copyable = (text: string, mark: string) => {
    const id = nextId();
    return `<code id="${id}">${escapeHtml(text)}</code>${copyButton(id, mark)}`;
  };
  return Object.assign(copyable, { nextId });
}

function copyButton(id: string, mark: string): string {
  return `<button class="copy" type="button" data-copy="${id}" data-mark="${escapeHtml(mark)}">Copy</button><span class="copied" hidden>copied</span>`;
}

/** A short digest of an action's code: its "pasted" tick resets when the code changes. */
function codeDigest(code: string): string {
  return createHash("sha256").update(code).digest("hex").slice(0, 10);
}

function actionHtml(action: KitAction, number: number, copyable: Copyable): string {
  const fields = action.fields
    .map((field, index) => {
      const settings = fieldSettings(field)
        .map(
          ([name, value]) =>
            `${escapeHtml(name)}: ${name === "Doc" ? escapeHtml(value) : copyable(value, `field:${field.id}:${name}`)}`,
        )
        .join("<br>");
      return `<tr data-field="${escapeHtml(field.name)}"><td>${tick(`field:${field.id}`)}</td><td>${index + 1}</td><td>${settings}</td></tr>`;
    })
    .join("\n");
  const returns = action.returns
    .map(
      (item, index) =>
        `<tr data-return="${escapeHtml(item.name)}"><td>${tick(`return:${item.id}`)}</td><td>${index + 1}</td><td>${copyable(item.name, `return:${item.id}`)}</td><td>${escapeHtml(item.caption)}</td><td>${escapeHtml(returnType(item))}</td></tr>`,
    )
    .join("\n");
  const codeId = copyable.nextId();
  const digest = codeDigest(action.serverJs);
  return `<section class="action" data-action="${escapeHtml(action.display)}" data-key="${escapeHtml(action.key)}" data-id="${escapeHtml(action.id)}">
<h3>${tick(`action:${action.id}`)} 3.<span class="number">${number}</span>. ${escapeHtml(action.display)}</h3>
<p>Name: ${copyable(action.display, `action:${action.id}:name`)}. Action type: <strong>${action.type === "server_side" ? "Server side" : escapeHtml(action.type)}</strong>. Leave "This action uses node modules" unticked.
Plugin keys it reads: ${action.keys.length === 0 ? "none" : action.keys.map((key) => `<code>${escapeHtml(key)}</code>`).join(", ")}.</p>
<h4>Fields, in this order</h4>
<table><tr><th>Done</th><th>#</th><th>Settings</th></tr>
${fields}
</table>
<h4>Returned values, in this order</h4>
<table><tr><th>Done</th><th>#</th><th>Key</th><th>Caption</th><th>Type</th></tr>
${returns}
</table>
<h4>${tick(`code:${action.id}:${digest}`)} Code ${copyButton(codeId, `code:${action.id}:${digest}`)}</h4>
<pre id="${codeId}">${escapeHtml(action.serverJs)}</pre>
</section>`;
}

const INSTALL_CSS = `
body { font: 15px/1.5 system-ui, sans-serif; max-width: 70rem; margin: 2rem auto; padding: 0 1rem; color: #1d2433; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; }
td, th { border: 1px solid #d5dae3; padding: 0.3rem 0.6rem; text-align: left; vertical-align: top; }
code { background: #f1f3f7; padding: 0 0.2rem; border-radius: 3px; }
pre { background: #0f1420; color: #e6e9ef; padding: 1rem; overflow: auto; max-height: 24rem; border-radius: 6px; }
button.copy { font-size: 12px; margin-left: 0.4rem; cursor: pointer; }
.copied { font-size: 12px; margin-left: 0.3rem; color: #1a7f37; }
section.action { border-top: 2px solid #d5dae3; margin-top: 2rem; }
#picker { background: #f7f8fb; border: 1px solid #d5dae3; border-radius: 6px; padding: 0 1rem 0.5rem; }
#picker .groups { display: grid; grid-template-columns: repeat(auto-fill, minmax(20rem, 1fr)); gap: 0.5rem; }
#picker fieldset { border: 1px solid #d5dae3; border-radius: 4px; }
#picker label.pick { display: block; }
#search { width: 22rem; max-width: 100%; }
.progress { position: sticky; top: 0; background: #fffbe6; border: 1px solid #e8d48b; padding: 0.3rem 0.6rem; border-radius: 4px; }
[hidden] { display: none !important; }
`;

/** The page's script: the picker, the address, the ticks and the Copy buttons. No network. */
const INSTALL_SCRIPT = `
(() => {
  const picks = [...document.querySelectorAll("input.pick-action")];
  const groupPicks = [...document.querySelectorAll("input.pick-group")];
  const storeName = "bubble-jwt-install:" + document.body.dataset.plugin + ":" + document.body.dataset.version;
  const load = () => {
    try {
      const saved = JSON.parse(localStorage.getItem(storeName) || "{}");
      return { ticks: saved.ticks || {}, copied: saved.copied || {} };
    } catch {
      return { ticks: {}, copied: {} };
    }
  };
  const state = load();
  const save = () => {
    try { localStorage.setItem(storeName, JSON.stringify(state)); } catch {}
  };

  // The choice: the address's #only=ids (action ids or groups), else every action.
  const fromAddress = () => {
    const match = /(?:^#|&)only=([^&]*)/.exec(location.hash);
    if (match === null) return null;
    const ids = decodeURIComponent(match[1]).split(",").map((id) => id.trim().toLowerCase()).filter(Boolean);
    return new Set(picks.filter((pick) => ids.includes(pick.value) || ids.includes(pick.dataset.group)).map((pick) => pick.value));
  };
  const applyAddress = () => {
    const chosen = fromAddress();
    for (const pick of picks) pick.checked = chosen === null || chosen.has(pick.value);
    update(false);
  };
  const chosenKeys = () => picks.filter((pick) => pick.checked).map((pick) => pick.value);

  const update = (writeAddress) => {
    const chosen = new Set(chosenKeys());
    const keys = new Set();
    let fields = 0;
    for (const pick of picks) {
      if (!pick.checked) continue;
      fields += Number(pick.dataset.fields);
      for (const key of pick.dataset.keys.split(" ").filter(Boolean)) keys.add(key);
    }
    for (const group of groupPicks) {
      const members = picks.filter((pick) => pick.dataset.group === group.value);
      const on = members.filter((pick) => pick.checked).length;
      group.checked = on === members.length;
      group.indeterminate = on > 0 && on < members.length;
    }
    let number = 0;
    for (const section of document.querySelectorAll("section.action")) {
      section.hidden = !chosen.has(section.dataset.key);
      if (!section.hidden) section.querySelector(".number").textContent = String(++number);
    }
    let shownKeys = 0;
    for (const row of document.querySelectorAll("tr[data-plugin-key]")) {
      row.hidden = !keys.has(row.dataset.pluginKey);
      if (!row.hidden) shownKeys += 1;
    }
    document.getElementById("keys").hidden = shownKeys === 0;
    document.getElementById("no-keys").hidden = shownKeys !== 0;
    document.getElementById("cost-actions").textContent = String(chosen.size);
    document.getElementById("cost-fields").textContent = String(fields);
    document.getElementById("cost-keys").textContent = String(shownKeys);
    const all = chosen.size === picks.length;
    document.getElementById("only-command").textContent =
      "bubble-jwt plugin install-kit" + (all ? "" : " --only " + (chosen.size === 0 ? "<id,...>" : [...chosen].join(",")));
    if (writeAddress) {
      const address = location.pathname + location.search + (all ? "" : "#only=" + [...chosen].join(","));
      history.replaceState(null, "", address);
    }
    progress();
  };

  // Progress: the tick boxes of what is shown (chosen actions, the keys they read).
  const progress = () => {
    const boxes = [...document.querySelectorAll("input.tick")].filter((box) => box.closest("[hidden]") === null);
    const done = boxes.filter((box) => box.checked).length;
    const left = boxes.length - done;
    document.getElementById("progress").textContent =
      done + " of " + boxes.length + " steps done, " + left + " left" + (left === 0 && boxes.length > 0 ? ": all done." : ".") +
      " Ticks are kept in this browser.";
  };

  for (const box of document.querySelectorAll("input.tick")) {
    box.checked = state.ticks[box.dataset.tick] === true;
    box.addEventListener("change", () => {
      if (box.checked) state.ticks[box.dataset.tick] = true;
      else delete state.ticks[box.dataset.tick];
      save();
      progress();
    });
  }
  for (const pick of picks) pick.addEventListener("change", () => update(true));
  for (const group of groupPicks) {
    group.addEventListener("change", () => {
      for (const pick of picks) if (pick.dataset.group === group.value) pick.checked = group.checked;
      update(true);
    });
  }
  document.getElementById("pick-all").addEventListener("click", () => {
    for (const pick of picks) pick.checked = true;
    update(true);
  });
  document.getElementById("pick-none").addEventListener("click", () => {
    for (const pick of picks) pick.checked = false;
    update(true);
  });
  document.getElementById("search").addEventListener("input", (event) => {
    const words = event.target.value.toLowerCase().split(/\\s+/).filter(Boolean);
    for (const label of document.querySelectorAll("label.pick")) {
      label.hidden = !words.every((word) => label.dataset.search.includes(word));
    }
    for (const fieldset of document.querySelectorAll("fieldset.group")) {
      fieldset.hidden = fieldset.querySelector("label.pick:not([hidden])") === null;
    }
  });
  window.addEventListener("hashchange", applyAddress);

  for (const button of document.querySelectorAll("button.copy")) {
    const mark = button.nextElementSibling;
    if (state.copied[button.dataset.mark] === true) mark.hidden = false;
    button.addEventListener("click", async () => {
      const source = document.getElementById(button.dataset.copy);
      const text = source.textContent;
      try {
        await navigator.clipboard.writeText(text);
      } catch {
        const area = document.createElement("textarea");
        area.value = text;
        document.body.append(area);
        area.select();
        document.execCommand("copy");
        area.remove();
      }
      state.copied[button.dataset.mark] = true;
      save();
      mark.hidden = false;
      button.textContent = "Copied";
      setTimeout(() => { button.textContent = "Copy"; }, 1500);
    });
  }
  applyAddress();
})();
`;

function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}
