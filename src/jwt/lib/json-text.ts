import type { JsonFault, JsonFaultKind, JwtError } from "../errors.js";
import { inputError } from "./option-error.js";

/**
 * Parses the JSON text a person typed (a form field, a command-line argument). On a fault it finds
 * where the text stops being JSON and what kind of mistake is behind it: the error carries a
 * {@link JsonFault} (kind, line, column, excerpt) and neutral advice; a layer adds its own advice from
 * `fault.kind` with describeJwtError.
 */
export function parseJsonObjectText(text: string): Record<string, unknown> {
  const trimmed = text.trim();
  if (trimmed.length === 0 || trimmed === "null") {
    throw payloadError(
      "ERR_PAYLOAD_REQUIRED",
      "missing",
      "is required: the text is empty",
      'Give a JSON object such as {"user_id": "42", "email": "a@example.com"}.',
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
    const index = text.length - text.trimStart().length;
    const fault: JsonFault = {
      kind: "not-an-object",
      ...lineAndColumn(text, index),
      excerpt: excerpt(text, index),
      expected: "{",
    };
    throw payloadError(
      "ERR_PAYLOAD_INVALID",
      "not-an-object",
      `must be a JSON object ({ ... }) but it is ${kind}`,
      'Wrap the values in an object: {"data": ...}.',
      fault,
    );
  }
  return parsed as Record<string, unknown>;
}

function payloadError(
  code: "ERR_PAYLOAD_REQUIRED" | "ERR_PAYLOAD_INVALID",
  reason: string,
  problem: string,
  fix: string | undefined,
  fault?: JsonFault,
): JwtError {
  return inputError(
    code,
    "payload",
    "The payload",
    reason,
    problem,
    fix,
    fault === undefined ? {} : { fault },
  );
}

interface Fault {
  index: number;
  expected: string;
  inString?: boolean;
}

function describeFault(text: string): JwtError {
  const fault = locateFault(text);
  const { line, column } = lineAndColumn(text, fault.index);
  const shown = excerpt(text, fault.index);
  const { kind, advice } = classify(text, fault);
  return payloadError(
    "ERR_PAYLOAD_INVALID",
    "json-syntax",
    `is not valid JSON: ${fault.expected} at line ${line}, column ${column}, near \`${shown}\``,
    advice === "" ? undefined : advice,
    { kind, line, column, excerpt: shown, expected: fault.expected },
  );
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
  return shown.replace(/\s+/g, " ");
}

const CURLY = /[\u201c\u201d\u2018\u2019\u00ab\u00bb]/;

interface Classified {
  kind: JsonFaultKind;
  /** Neutral advice (no product, field or flag names); empty when there is nothing to add. */
  advice: string;
}

/** The usual mistake behind a fault, judged from the characters around it. */
function classify(text: string, fault: Fault): Classified {
  const at = text[fault.index] ?? "";
  const before = text.slice(0, fault.index).trimEnd();
  const last = before[before.length - 1] ?? "";
  // Only near the fault: curly quotes inside a well-quoted text value are fine.
  if (CURLY.test(text.slice(Math.max(0, fault.index - 3), fault.index + 2))) {
    return {
      kind: "curly-quotes",
      advice:
        'The text has curly quotes (“ ” ‘ ’), probably pasted from a document: JSON needs straight quotes (").',
    };
  }
  if (fault.inString && (at === "\n" || at === "\r" || at === "\t")) {
    return {
      kind: "control-character",
      advice:
        "A text value contains a line break or tab, which JSON only accepts escaped (\\n, \\t): escape it, or remove it.",
    };
  }
  if ((at === "}" || at === "]") && last === ",") {
    return {
      kind: "trailing-comma",
      advice: "There is a trailing comma before the closing bracket: remove the last comma.",
    };
  }
  if (last === ":" && (at === "," || at === "}" || at === "\n" || at === "")) {
    return {
      kind: "missing-value",
      advice:
        'A value is missing after a colon ("email": ,), as when an inserted value is empty: put a value ' +
        "there, or make sure the inserted value is never empty.",
    };
  }
  if (at === "'") {
    return { kind: "single-quotes", advice: 'JSON text values need double quotes ("), not single quotes.' };
  }
  if (last !== ":" && fault.expected.startsWith("a property name") && /[A-Za-z_$]/.test(at)) {
    return {
      kind: "unquoted-name",
      advice:
        'A property name is not in quotes: JSON needs double quotes around names, as in {"user_id": 42}.',
    };
  }
  // "id": 12ab — a number read, then letters: an unquoted text that happens to start with digits.
  const afterNumber = /:\s*-?[0-9][0-9.eE+-]*$/.test(before) && /[A-Za-z_@.+-]/.test(at);
  if ((last === ":" && /[A-Za-z0-9_@.+-]/.test(at)) || afterNumber) {
    return {
      kind: "unquoted-value",
      advice:
        "A text value is not in quotes, as when an inserted value is not quoted: put it in double quotes.",
    };
  }
  if (last === '"' && fault.expected.startsWith("a comma") && /[^\s,:}\]]/.test(at)) {
    return {
      kind: "quote-in-value",
      advice: 'A quote inside a text value ends it early: escape it as \\" (or remove it).',
    };
  }
  if (at === "" && fault.index >= text.length) {
    return { kind: "syntax", advice: "The text ends too early: a bracket or quote is not closed." };
  }
  return { kind: "syntax", advice: "" };
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
