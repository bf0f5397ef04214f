import { defineInputs } from "../../inputs/index.js";

/** The registered claims a command that makes a token sets from flags (encode, encrypt). */
export const CLAIM_INPUTS = defineInputs([
  {
    name: "iss",
    caption: "The issuer claim (iss)",
    type: "text",
    placeholder: "ISSUER",
    doc: "The issuer claim (`iss`).",
    engineOption: "issuer",
  },
  {
    name: "sub",
    caption: "The subject claim (sub)",
    type: "text",
    placeholder: "SUBJECT",
    doc: "The subject claim (`sub`).",
    engineOption: "subject",
  },
  {
    name: "aud",
    caption: "The audience claim (aud); repeatable",
    type: "list",
    placeholder: "AUD",
    doc: "The audience claim (`aud`); repeat or comma-separate for several.",
    engineOption: "audience",
  },
  {
    name: "jti",
    caption: "The token id claim (jti)",
    type: "text",
    placeholder: "ID",
    doc: "A token id (`jti`).",
  },
  {
    name: "random_jti",
    caption: "Add a random 128-bit token id (jti)",
    type: "boolean",
    doc: "Add a random 128-bit token id (`jti`).",
  },
]);
