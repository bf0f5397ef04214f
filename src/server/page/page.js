// The test page: talks only to its own server, and decodes pasted tokens without any request.
const CLAIMS = {
  iss: "Issuer: who made the token.",
  sub: "Subject: whom the token is about (here, the user_id).",
  aud: "Audience: which services should accept it.",
  exp: "Expiration time: refused after this instant.",
  nbf: "Not before: refused before this instant.",
  iat: "Issued at: when the token was made.",
  jti: "JWT ID: a unique id, to refuse replays.",
};
const DATE_CLAIMS = new Set(["exp", "nbf", "iat"]);
const HEADER_MEMBERS = {
  alg: "Algorithm used to sign.",
  typ: "Type of the token.",
  kid: "Key id: which of the server's keys signed it.",
};

const $ = (id) => document.getElementById(id);

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (name === "class") node.className = value;
    else if (name === "text") node.textContent = value;
    else node.setAttribute(name, value);
  }
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}

function decodeSegment(segment, part) {
  if (!/^[A-Za-z0-9_-]*$/.test(segment)) throw new Error(`The ${part} is not base64url text.`);
  const base64 = segment.replace(/-/g, "+").replace(/_/g, "/");
  const binary = atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4));
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`The ${part} is not JSON.`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new Error(`The ${part} is not a JSON object.`);
  }
  return value;
}

/** Splits and decodes a compact JWT locally; verifying is the server's job. */
export function decodeToken(input) {
  const token = input.trim().replace(/^Bearer\s+/i, "");
  const parts = token.split(".");
  if (parts.length !== 3) {
    throw new Error(`A JWT has 3 parts separated by dots; this text has ${parts.length}.`);
  }
  return {
    parts,
    header: decodeSegment(parts[0], "header"),
    payload: decodeSegment(parts[1], "payload"),
  };
}

function formatDate(seconds) {
  const date = new Date(seconds * 1000);
  return `${date.toLocaleString()} (${date.toISOString()})`;
}

function describeRemaining(seconds) {
  if (seconds <= 0) return "expired";
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.floor(seconds % 60);
  return `expires in ${h > 0 ? `${h} h ` : ""}${m} min ${String(s).padStart(2, "0")} s`;
}

function updateCountdowns() {
  const now = Date.now() / 1000;
  for (const node of document.querySelectorAll("[data-exp]")) {
    const left = Number(node.dataset.exp) - now;
    node.textContent = describeRemaining(left);
    node.classList.toggle("expired", left <= 0);
  }
}

function claimRows(object, explanations) {
  const rows = Object.entries(object).map(([name, value]) => {
    const shown = typeof value === "string" ? value : JSON.stringify(value);
    const valueCell = el("td", {}, el("code", { text: shown }));
    if (DATE_CLAIMS.has(name) && typeof value === "number") {
      valueCell.append(el("br"), el("span", { text: formatDate(value) }));
      if (name === "exp") {
        valueCell.append(
          el("br"),
          el("span", { class: "countdown", "data-exp": String(value), "aria-live": "off" }),
        );
      }
    }
    const meaning = explanations[name] ?? "Your own claim (a parameter of generate_token).";
    return el(
      "tr",
      {},
      el("th", { scope: "row" }, el("code", { text: name })),
      valueCell,
      el("td", { text: meaning }),
    );
  });
  return el(
    "table",
    {},
    el(
      "thead",
      {},
      el("tr", {}, el("th", { text: "Name" }), el("th", { text: "Value" }), el("th", { text: "Meaning" })),
    ),
    el("tbody", {}, ...rows),
  );
}

/** Shows a token: the three coloured parts, the decoded header and payload, and each claim explained. */
function renderToken(container, token) {
  container.replaceChildren();
  if (token.trim() === "") return;
  let decoded;
  try {
    decoded = decodeToken(token);
  } catch (error) {
    container.append(el("p", { class: "error", text: `Cannot decode: ${error.message}` }));
    return;
  }
  const [h, p, s] = decoded.parts;
  container.append(
    el("h3", { text: "Encoded" }),
    el(
      "p",
      { class: "token", "aria-label": "The token, header, payload and signature in three colours" },
      el("span", { class: "part-header", text: h }),
      ".",
      el("span", { class: "part-payload", text: p }),
      ".",
      el("span", { class: "part-signature", text: s }),
    ),
    el(
      "ul",
      { class: "legend" },
      el("li", { class: "part-header", text: "header" }),
      el("li", { class: "part-payload", text: "payload" }),
      el("li", { class: "part-signature", text: "signature" }),
    ),
    el(
      "div",
      { class: "columns" },
      el(
        "div",
        {},
        el("h3", { text: "Header" }),
        el("pre", { class: "json", "data-part": "header", text: JSON.stringify(decoded.header, null, 2) }),
      ),
      el(
        "div",
        {},
        el("h3", { text: "Payload" }),
        el("pre", { class: "json", "data-part": "payload", text: JSON.stringify(decoded.payload, null, 2) }),
      ),
    ),
    el("h3", { text: "Header members" }),
    claimRows(decoded.header, HEADER_MEMBERS),
    el("h3", { text: "Claims" }),
    claimRows(decoded.payload, CLAIMS),
  );
  updateCountdowns();
}

async function postJson(url, body) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const data = await response.json().catch(() => ({}));
  if (!response.ok || data.status !== "success") {
    throw new Error(data?.body?.message ?? `The server answered ${response.status}.`);
  }
  return data.response;
}

async function generate(event) {
  event.preventDefault();
  const status = $("generate-status");
  status.classList.remove("error");
  status.textContent = "Asking the server…";
  try {
    const result = await postJson("/test-page/token", {
      user_id: $("user-id").value,
      email: $("email").value,
    });
    $("token-card").hidden = false;
    renderToken($("token-view"), result.token);
    $("verify-input").value = result.token;
    $("verify-result").replaceChildren();
    $("api-result").replaceChildren();
    status.textContent = `Token made: it expires at ${new Date(result.expires_at).toLocaleTimeString()}.`;
  } catch (error) {
    status.classList.add("error");
    status.textContent = `No token: ${error.message}`;
  }
}

async function verify() {
  const result = $("verify-result");
  const token = $("verify-input").value.trim();
  if (token === "") {
    result.replaceChildren(el("p", { class: "error", text: "Paste or generate a token first." }));
    return;
  }
  result.replaceChildren(el("p", { text: "Verifying…" }));
  try {
    const answer = await postJson("/api/1.1/wf/verify_token", { token });
    result.replaceChildren(
      el(
        "p",
        { "data-valid": String(answer.valid) },
        el("span", {
          class: `badge ${answer.valid ? "ok" : "bad"}`,
          text: answer.valid ? "Valid" : "Invalid",
        }),
        el("code", { text: answer.reason_code }),
        ": ",
        el("span", { text: answer.reason }),
      ),
    );
  } catch (error) {
    result.replaceChildren(el("p", { class: "error", text: `Could not verify: ${error.message}` }));
  }
}

/** What a front end does with the token: send it as `Authorization: Bearer <token>` to an API. */
async function callApi() {
  const result = $("api-result");
  const token = $("verify-input").value.trim();
  if (token === "") {
    result.replaceChildren(el("p", { class: "error", text: "Paste or generate a token first." }));
    return;
  }
  result.replaceChildren(el("p", { text: "Calling…" }));
  try {
    const response = await fetch("/api/1.1/me", { headers: { authorization: `Bearer ${token}` } });
    const body = await response.json().catch(() => ({}));
    const challenge = response.headers.get("www-authenticate");
    const shown = token.length > 24 ? `${token.slice(0, 12)}…${token.slice(-8)}` : token;
    result.replaceChildren(
      el("p", { class: "request" }, el("code", { text: `GET /api/1.1/me   Authorization: Bearer ${shown}` })),
      el(
        "p",
        { "data-status": String(response.status) },
        el("span", {
          class: `badge ${response.ok ? "ok" : "bad"}`,
          text: `${response.status} ${response.ok ? "OK" : response.statusText || "refused"}`,
        }),
        challenge === null ? null : el("code", { text: `WWW-Authenticate: ${challenge}` }),
      ),
      el("pre", { class: "json", "data-part": "api-response", text: JSON.stringify(body, null, 2) }),
    );
  } catch (error) {
    result.replaceChildren(el("p", { class: "error", text: `Could not call the API: ${error.message}` }));
  }
}

document.addEventListener("DOMContentLoaded", () => {
  $("generate-form").addEventListener("submit", generate);
  $("verify").addEventListener("click", verify);
  $("call-api").addEventListener("click", callApi);
  $("decode-input").addEventListener("input", (event) => renderToken($("decode-view"), event.target.value));
  setInterval(updateCountdowns, 1000);
});
