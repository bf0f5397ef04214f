// The plugin playground: forms drawn from the built plugin's params.json, runs on the server.
// Plugin keys live only in the keys form's inputs: never in localStorage, sent only with a Run.

const $ = (id) => document.getElementById(id);

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "class") node.className = value;
    else if (name === "text") node.textContent = value;
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}

/** Return values shown in red when the run failed. */
const FAILURE_DETAILS = new Set(["error", "error_code", "reason_code"]);
/** The yes/no that says whether an action worked: Encode, Decode, Generate and recipes use ok, Verify valid. */
const SUCCESS_FLAGS = ["ok", "valid"];

let plugin;

async function load() {
  const status = $("plugin-status");
  let answer;
  try {
    const response = await fetch("/plugin/actions", { headers: { accept: "application/json" } });
    answer = await response.json();
  } catch {
    status.textContent = "The service did not answer. Is it running?";
    status.className = "status error";
    return;
  }
  if (answer.status !== "success") {
    status.textContent = answer.body?.message ?? "The built plugin could not be read.";
    status.className = "status error";
    status.dataset.reason = answer.body?.reason_code ?? "";
    return;
  }
  plugin = answer.response;
  status.textContent = `${plugin.name}: ${plugin.actions.length} actions, ${plugin.keys.length} plugin keys.`;
  drawKeys(plugin.keys);
  drawNav(plugin.actions);
  const list = $("actions");
  for (const action of plugin.actions) list.append(drawAction(action));
}

function drawKeys(keys) {
  const form = $("keys-form");
  for (const caption of keys) {
    const id = `key-${caption}`;
    form.append(
      el(
        "div",
        { class: "field" },
        el("label", { for: id, text: caption }),
        el("input", {
          id,
          name: caption,
          type: "password",
          autocomplete: "off",
          spellcheck: "false",
          "data-key": caption,
        }),
      ),
    );
  }
  // Enter in a key field must not submit anything anywhere.
  form.addEventListener("submit", (event) => event.preventDefault());
  $("keys-card").hidden = keys.length === 0;
}

function drawNav(actions) {
  const nav = $("action-nav");
  const items = actions.map((action) =>
    el("li", {}, el("a", { href: `#action-${action.id}`, text: action.display })),
  );
  nav.append(el("ul", { class: "action-list" }, ...items));
  nav.hidden = false;
}

function drawAction(action) {
  const titleId = `title-${action.id}`;
  const form = el("form", { class: "plugin-form", novalidate: true, "data-form": action.id });
  for (const field of action.fields) form.append(drawField(action, field));
  const button = el("button", { type: "submit", text: "Run" });
  const busy = el("span", { class: "status", role: "status", "aria-live": "polite" });
  form.append(el("div", { class: "run-row" }, button, busy));
  const outcome = el("div", { class: "outcome", "aria-live": "polite", "data-outcome": action.id });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    button.disabled = true;
    busy.textContent = "Running…";
    try {
      await run(action, form, outcome);
    } finally {
      button.disabled = false;
      busy.textContent = "";
    }
  });
  return el(
    "section",
    { class: "card", id: `action-${action.id}`, "data-action": action.id, "aria-labelledby": titleId },
    el("h2", { id: titleId }, `${action.display} `, el("span", { class: "action-id", text: action.id })),
    installHint(action),
    form,
    outcome,
  );
}

/** How to install this action alone: the command, and the install kit opened with it chosen. */
function installHint(action) {
  if (typeof action.key !== "string") return null;
  return el(
    "p",
    { class: "install-hint", "data-install": action.key },
    "Install just this action: ",
    el("code", { text: `bubble-jwt plugin install-kit --only ${action.key}` }),
    ", or ",
    el("a", {
      href: `/plugin/install#only=${encodeURIComponent(action.key)}`,
      text: "open the install kit with it chosen",
    }),
    ".",
  );
}

function drawField(action, field) {
  const id = `field-${action.id}-${field.name}`;
  const helpId = `${id}-help`;
  const help = field.doc === "" ? null : el("p", { class: "help", id: helpId, text: field.doc });
  const described = help === null ? undefined : helpId;
  const common = { id, name: field.name, "aria-describedby": described, "data-field": field.name };
  const caption = el(
    "label",
    { for: id },
    field.caption,
    field.optional ? null : el("span", { class: "required", title: "required", text: "*" }),
    el("span", { class: "field-name", text: field.name }),
  );

  if (field.editor === "Checkbox") {
    const box = el("input", { ...common, type: "checkbox", checked: field.default_val === true });
    const label = el("label", { for: id, class: "check" }, box, field.caption);
    return el("div", { class: "field" }, label, help);
  }
  if (field.editor === "Label") {
    return el("div", { class: "field wide" }, el("p", { class: "help", text: field.caption }), help);
  }
  let input;
  const wide = field.long_text || field.is_list;
  if (field.editor === "Dropdown") {
    const options = field.options ?? [];
    input = el("select", common);
    // With no default, nothing is chosen until the builder picks (as in Bubble's editor); a required
    // dropdown then fails on its own check, which is what the builder would see.
    if (!options.includes(String(field.default_val ?? ""))) {
      input.append(el("option", { value: "", text: field.optional ? "(empty)" : "(choose one)" }));
    }
    for (const option of options) {
      input.append(el("option", { value: option, text: option, selected: option === field.default_val }));
    }
  } else if (field.value === "boolean") {
    input = el("select", common);
    for (const [value, text] of [
      ["", "(empty)"],
      ["yes", "yes"],
      ["no", "no"],
    ]) {
      const selected =
        (field.default_val === true && value === "yes") || (field.default_val === false && value === "no");
      input.append(el("option", { value, text, selected }));
    }
  } else if (wide) {
    const rows = field.is_list ? 3 : 5;
    input = el("textarea", { ...common, rows, spellcheck: "false", autocomplete: "off" });
    input.value = defaultText(field);
  } else {
    const type = field.value === "number" ? "number" : field.value === "date" ? "datetime-local" : "text";
    input = el("input", { ...common, type, autocomplete: "off", spellcheck: "false" });
    if (type === "number") input.step = "any";
    input.value = defaultText(field);
  }
  const listHint = field.is_list ? el("p", { class: "help", text: "A list: one item per line." }) : null;
  return el("div", { class: wide ? "field wide" : "field" }, caption, input, listHint, help);
}

function defaultText(field) {
  if (field.default_val === undefined || field.default_val === null) return "";
  if (field.value === "date") {
    const date = new Date(field.default_val);
    if (Number.isNaN(date.getTime())) return "";
    return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
  }
  return String(field.default_val);
}

/** The form's values as the runtime's JSON input: texts, numbers as typed, yes/no, dates as ISO. */
function readInput(action, form) {
  const input = {};
  for (const field of action.fields) {
    const node = form.elements.namedItem(field.name);
    if (node === null) continue;
    if (node.type === "checkbox") {
      input[field.name] = node.checked;
    } else if (field.is_list) {
      input[field.name] = node.value
        .split("\n")
        .map((line) => line.trim())
        .filter((line) => line !== "");
    } else if (field.value === "date" && node.value !== "") {
      const date = new Date(node.value);
      input[field.name] = Number.isNaN(date.getTime()) ? node.value : date.toISOString();
    } else {
      input[field.name] = node.value;
    }
  }
  return input;
}

function readKeys() {
  const keys = {};
  for (const node of document.querySelectorAll("[data-key]")) keys[node.dataset.key] = node.value;
  return keys;
}

async function run(action, form, outcome) {
  outcome.replaceChildren();
  delete outcome.dataset.state;
  let response;
  let answer;
  try {
    response = await fetch("/plugin/run", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ action: action.id, input: readInput(action, form), keys: readKeys() }),
    });
    answer = await response.json();
  } catch {
    outcome.append(el("p", { class: "stopped", text: "The service did not answer. Is it still running?" }));
    return;
  }
  if (answer.status !== "success") {
    outcome.dataset.state = "refused";
    outcome.append(
      el(
        "p",
        { class: "stopped", "data-refused": answer.body?.reason_code ?? String(response.status) },
        `The playground refused the run (${response.status}): ${answer.body?.message ?? ""} `,
        answer.body?.reason_code ? el("code", { text: answer.body.reason_code }) : null,
      ),
    );
    return;
  }
  const { values, thrown } = answer.response;
  if (thrown !== null) {
    outcome.dataset.state = "thrown";
    outcome.append(
      el("p", { class: "badge bad", text: "Workflow stopped" }),
      el("p", { class: "stopped", "data-thrown": "" }, thrown),
      el("p", {
        class: "hint",
        text: "The action threw an error (Stop the workflow on error is ticked, or the input is not one the action accepts): on Bubble the workflow stops here and shows this message.",
      }),
    );
    return;
  }
  const flag = action.returns.find((item) => SUCCESS_FLAGS.includes(item.name) && item.value === "boolean");
  const failed = flag !== undefined && values[flag.name] === false;
  outcome.dataset.state = failed ? "failed" : "ok";
  const badge =
    flag === undefined
      ? null
      : el("p", {
          class: failed ? "badge bad" : "badge ok",
          text: `${flag.name} = ${failed ? "no" : "yes"}`,
        });
  const rows = action.returns.map((item) =>
    el(
      "tr",
      { "data-return": item.name, class: failed && FAILURE_DETAILS.has(item.name) ? "flag" : undefined },
      el("td", {}, el("code", { text: item.caption }), el("span", { class: "field-name", text: item.value })),
      el("td", {}, showValue(values[item.name], item)),
    ),
  );
  outcome.append(
    badge,
    el(
      "table",
      {},
      el("thead", {}, el("tr", {}, el("th", { text: "Returned value" }), el("th", { text: "Value" }))),
      el("tbody", {}, ...rows),
    ),
  );
}

/** A returned value as Bubble shows it: yes/no, dates in words with their ISO form, lists, (empty). */
function showValue(value, item) {
  if (item.is_list || Array.isArray(value)) {
    const items = Array.isArray(value) ? value : value === null || value === undefined ? [] : [value];
    if (items.length === 0) return el("span", { class: "value empty", "data-empty": "", text: "(empty)" });
    return el(
      "div",
      { class: "value" },
      el("ul", {}, ...items.map((one) => el("li", {}, showOne(one, item.value)))),
    );
  }
  return showOne(value, item.value);
}

function showOne(value, type) {
  if (value === null || value === undefined || value === "") {
    return el("span", { class: "value empty", "data-empty": "", text: "(empty)" });
  }
  if (type === "boolean" || typeof value === "boolean") {
    return el("span", { class: "value", "data-bool": String(value), text: value ? "yes" : "no" });
  }
  if (type === "date") {
    const date = new Date(value);
    if (Number.isNaN(date.getTime())) return el("span", { class: "value", text: String(value) });
    const human = date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" });
    return el(
      "span",
      { class: "value", "data-iso": date.toISOString() },
      human,
      " ",
      el("span", { class: "iso", text: `(${date.toISOString()})` }),
    );
  }
  return el("span", { class: "value", text: String(value) });
}

load();
