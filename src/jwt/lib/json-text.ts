import { JwtError } from "../errors.js";

/**
 * Parses the JSON text a person typed (a Bubble "json data" field, a CLI argument). On a fault it
 * finds where the text stops being JSON and explains the usual mistakes behind it.
 */
export function parseJsonObjectText(text: string, what = "payload"): Record<string, unknown> {
  const trimmed = text.trim();
  if (trimmed.length === 0 || trimmed === "null") {
    throw new JwtError(
      "ERR_PAYLOAD_REQUIRED",
      `payload is required: the ${what} is empty. Give a JSON object such as {"user_id": "42", "email": "a@example.com"}.`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    throw describeFault(text);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    const kind = Array.isArray(parsed) ? "a list (array)" : `a ${typeof parsed}`;
    throw new JwtError(
      "ERR_PAYLOAD_INVALID",
      `The ${what} must be a JSON object ({ ... }) but it is ${kind}. Wrap the values in an object: {"data": ...}.`,
    );
  }
  return parsed as Record<string, unknown>;
}

interface Fault {
  index: number;
  expected: string;
  inString?: boolean;
}

function describeFault(text: string): JwtError {
  const fault = locateFault(text);
  const { line, column } = lineAndColumn(text, fault.index);
  const hint = hintFor(text, fault);
  const message =
    `The payload is not valid JSON: ${fault.expected} at line ${line}, column ${column}, near ` +
    `${excerpt(text, fault.index)}.${hint ? ` ${hint}` : ""}`;
  return new JwtError("ERR_PAYLOAD_INVALID", message, {
    reason: "json-syntax",
    fault: { kind: "syntax", line, column, excerpt: excerpt(text, fault.index), expected: fault.expected },
  });
}

function lineAndColumn(text: string, index: number): { line: number; column: number } {
  const before = text.slice(0, index);
  const line = before.split("\n").length;
  const column = index - before.lastIndexOf("\n");
  return { line, column };
}

function excerpt(text: string, index: number): string {
  const start = Math.max(0, index - 20);
  const end = Math.min(text.length, index + 20);
  const shown = `${start > 0 ? "..." : ""}${text.slice(start, index)} >>> ${text.slice(index, end)}${end < text.length ? "..." : ""}`;
  return `\`${shown.replace(/\s+/g, " ")}\``;
}

const CURLY = /[\u201c\u201d\u2018\u2019\u00ab\u00bb]/;
const JSON_SAFE =
  'In Bubble, insert dynamic values with ":formatted as JSON-safe", which adds the quotes and escapes them.';

function hintFor(text: string, fault: Fault): string {
  const at = text[fault.index] ?? "";
  const before = text.slice(0, fault.index).trimEnd();
  const last = before[before.length - 1] ?? "";
  // Only near the fault: curly quotes inside a well-quoted text value are fine.
  if (CURLY.test(text.slice(Math.max(0, fault.index - 3), fault.index + 2))) {
    return 'The text has curly quotes (“ ” ‘ ’), probably pasted from a document: JSON needs straight quotes (").';
  }
  if (fault.inString && (at === "\n" || at === "\r" || at === "\t")) {
    return `A text value contains a line break or tab. ${JSON_SAFE}`;
  }
  if ((at === "}" || at === "]") && last === ",") {
    return "There is a trailing comma before the closing bracket: remove the last comma.";
  }
  if (last === ":" && (at === "," || at === "}" || at === "\n" || at === "")) {
    return `A value is missing after a colon, as when a dynamic value is empty ("email": ,). ${JSON_SAFE} Or make sure the value is never empty.`;
  }
  if (at === "'") return 'JSON text values need double quotes ("), not single quotes.';
  // "id": 12ab — a number read, then letters: an unquoted text that happens to start with digits.
  const afterNumber = /:\s*-?[0-9][0-9.eE+-]*$/.test(before) && /[A-Za-z_@.+-]/.test(at);
  if ((last === ":" && /[A-Za-z0-9_@.+-]/.test(at)) || afterNumber) {
    return `A text value is not in quotes (an unquoted dynamic value?). Put it in double quotes. ${JSON_SAFE}`;
  }
  if (last === '"' && /[^\s,:}\]]/.test(at)) {
    return `A quote inside a text value ends it early. Escape it as \\" or, ${JSON_SAFE.replace("In Bubble", "in Bubble")}`;
  }
  if (at === "" && fault.index >= text.length)
    return "The text ends too early: a bracket or quote is not closed.";
  return "";
}

/** A minimal JSON scanner that returns where, and what was expected, at the first fault. */
function locateFault(text: string): Fault {
  let i = 0;
  const fail = (expected: string, inString = false): never => {
    throw { index: Math.min(i, text.length), expected, inString } satisfies Fault;
  };
  const space = () => {
    while (i < text.length && " \t\n\r".includes(text[i] as string)) i++;
  };
  const string = () => {
    i++;
    while (i < text.length) {
      const c = text[i] as string;
      if (c === '"') {
        i++;
        return;
      }
      if (c < " ") fail("a control character (line break or tab) inside a text value", true);
      if (c === "\\") {
        const next = text[i + 1] ?? "";
        if (next === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6)))
            fail("a \\u escape with 4 hex digits", true);
          i += 6;
          continue;
        }
        if (!'"\\/bfnrt'.includes(next) || next === "") fail("a valid escape after a backslash", true);
        i += 2;
        continue;
      }
      i++;
    }
    fail("a closing quote", true);
  };
  const value = (): void => {
    space();
    const c = text[i];
    if (c === "{") object();
    else if (c === "[") array();
    else if (c === '"') string();
    if (c === "{" || c === "[" || c === '"') return;
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(
      text.slice(i, i + 400),
    );
    if (literal) {
      i += literal[0].length;
      return;
    }
    fail("a value (text in double quotes, a number, true, false, null, an object or a list)");
  };
  const object = () => {
    i++;
    space();
    if (text[i] === "}") {
      i++;
      return;
    }
    for (;;) {
      space();
      if (text[i] !== '"') fail("a property name in double quotes");
      string();
      space();
      if (text[i] !== ":") fail("a colon after the property name");
      i++;
      value();
      space();
      if (text[i] === ",") {
        i++;
        continue;
      }
      if (text[i] === "}") {
        i++;
        return;
      }
      fail("a comma or a closing }");
    }
  };
  const array = () => {
    i++;
    space();
    if (text[i] === "]") {
      i++;
      return;
    }
    for (;;) {
      value();
      space();
      if (text[i] === ",") {
        i++;
        continue;
      }
      if (text[i] === "]") {
        i++;
        return;
      }
      fail("a comma or a closing ]");
    }
  };
  try {
    value();
    space();
    if (i < text.length) fail("the end of the text (something follows the JSON value)");
  } catch (fault) {
    if (typeof fault === "object" && fault !== null && "expected" in fault) return fault as Fault;
    throw fault;
  }
  return { index: 0, expected: "valid JSON" };
}
