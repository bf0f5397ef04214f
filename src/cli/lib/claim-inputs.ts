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

/** The checks of a token's claims a command that reads one takes from flags (verify, decrypt). */
export const CLAIM_CHECK_INPUTS = defineInputs([
  {
    name: "iss",
    caption: "The expected issuer (iss); repeatable",
    type: "list",
    placeholder: "ISSUER",
    doc: 'The expected issuer (`iss`); repeat for "any of these".',
    engineOption: "issuer",
  },
  {
    name: "aud",
    caption: "The expected audience (aud); repeatable",
    type: "list",
    placeholder: "AUD",
    doc: 'The expected audience (`aud`); repeat for "any of these".',
    engineOption: "audience",
  },
  {
    name: "sub",
    caption: "The expected subject (sub)",
    type: "text",
    placeholder: "SUBJECT",
    doc: "The expected subject (`sub`).",
    engineOption: "subject",
  },
  {
    name: "clock_tolerance",
    caption: "Clock difference allowed for exp/nbf",
    type: "number",
    min: 0,
    placeholder: "SECONDS",
    doc: "Clock difference allowed on `exp`, `nbf` and `--max-age`.",
    engineOption: "clockToleranceSeconds",
  },
  {
    name: "max_age",
    caption: "Refuse tokens issued (iat) longer ago than this",
    type: "number",
    min: 0,
    placeholder: "SECONDS",
    doc: "Refuse tokens issued (`iat`) longer ago than this.",
    engineOption: "maxAgeSeconds",
  },
]);
