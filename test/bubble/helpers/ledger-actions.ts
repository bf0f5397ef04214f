// Actions that the registry does not have, for the ID ledger's tests: a new one, and Decode JWT with
// one more field and one more return value. Each names its module as its source, so the build bundles it.
import { defineAction } from "../../../src/bubble/define-action.js";
import { stopOnErrorInput } from "../../../src/bubble/lib/common-inputs.js";

const FAILURE = [
  { name: "ok", type: "boolean", doc: "yes when it worked." },
  { name: "error", type: "text", doc: "What went wrong." },
  { name: "error_code", type: "text", doc: "The error's code." },
] as const;

export const greetAction = defineAction({
  key: "ledger-test-greet",
  source: import.meta.url,
  display: "Greet (ledger test)",
  summary: "Says hello.",
  failure: "ok",
  fields: [
    { name: "who", caption: "Who", type: "text", required: true, doc: "The name." },
    stopOnErrorInput("Stops the workflow on error."),
  ],
  returns: [{ name: "greeting", type: "text", doc: "The greeting." }, ...FAILURE],
  run: (values) => ({ greeting: `hello ${values.who}` }),
});

/** Decode JWT as a later version might declare it: the released names, plus `note` and `note_echo`. */
export const decodeWithNoteAction = defineAction({
  key: "decode-jwt",
  source: import.meta.url,
  display: "Decode JWT",
  summary: "Reads a token's header.",
  failure: "ok",
  fields: [
    { name: "token", caption: "token", type: "text", required: true, doc: "The token." },
    { name: "note", caption: "Note", type: "text", doc: "Returned as note_echo." },
    stopOnErrorInput("Stops the workflow on error."),
  ],
  returns: [
    { name: "header_json", type: "text", doc: "Not read here." },
    { name: "note_echo", type: "text", doc: "The note." },
    ...FAILURE,
  ],
  run: (values) => ({ note_echo: values.note ?? null }),
});

/** An action added after greetAction was taken out of the registry. */
export const laterAction = defineAction({
  key: "ledger-test-later",
  source: import.meta.url,
  display: "Later (ledger test)",
  summary: "Added later.",
  failure: "ok",
  fields: [stopOnErrorInput("Stops the workflow on error.")],
  returns: FAILURE,
  run: () => ({}),
});
