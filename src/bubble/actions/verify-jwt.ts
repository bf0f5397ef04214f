import { decodeJwt, type JwtKey, parseAlgorithm, verifyJwt } from "../../jwt/index.js";
import { defineAction } from "../define-action.js";
import { asSecretEncoding, secretEncodingInput, stopOnErrorInput } from "../lib/common-inputs.js";
import { cleanToken, dateFromSeconds, textClaim } from "../lib/convert.js";
import { gatherVerifyKeys, type VerifyKeys } from "../lib/verify-keys.js";

/** Verify JWT: accepts a token only when signature, algorithm, time and expected claims all check out. */
export const verifyJwtAction = defineAction({
  key: "verify-jwt",
  source: import.meta.url,
  display: "Verify JWT",
  summary:
    "Checks a token's signature (with the secret, the previous secret, a public key, a JWKS or a JWKS URL), its expiry and the expected claims. Returns valid = yes with the claims, or valid = no with reason_code and a plain-language error.",
  failure: "valid",
  readsKeys: ["JWT_SECRET", "JWT_SECRET_PREVIOUS"],
  fields: [
    {
      name: "token",
      caption: "token",
      type: "text",
      required: true,
      doc: 'The token to check. A "Bearer " prefix (from an Authorization header) is removed.',
    },
    // The plugin keys are these secrets' defaults only in some cases (see run), so no fallbackKey here.
    {
      name: "secret",
      caption: "Secret",
      type: "secret",
      doc: "The HMAC secret. Empty: the plugin key JWT_SECRET, unless a Public key or JWKS URL is given.",
    },
    {
      name: "previous_secret",
      caption: "Previous secret",
      type: "secret",
      doc: "During a rotation, the secret used before. Empty: the plugin key JWT_SECRET_PREVIOUS (when the secret is used). A match returns matched_key = previous.",
    },
    {
      name: "public_key",
      caption: "Public key or JWKS",
      type: "long-text",
      doc: 'For RS/PS/ES/EdDSA tokens: a public key as PEM (or a certificate), a JWK, or a JWKS ({"keys": [...]}).',
    },
    {
      name: "jwks_url",
      caption: "JWKS URL",
      type: "text",
      doc: "An https URL publishing the keys (an identity provider's jwks_uri). Cached; fetched again when a token names an unknown kid (at most every 30 s); 5 s time-out.",
    },
    {
      name: "allowed_algorithms",
      caption: "Allowed algorithms",
      type: "list",
      doc: "Accept only these, separated by commas (e.g. RS256, ES256). Empty: the algorithms the keys are made for.",
    },
    {
      name: "expected_issuer",
      caption: "Expected issuer",
      type: "list",
      doc: 'When set, the token\'s "iss" must be this (or one of several, separated by commas).',
      engineOption: "issuer",
    },
    {
      name: "expected_audience",
      caption: "Expected audience",
      type: "list",
      doc: 'When set, the token\'s "aud" must contain this (or one of several, separated by commas).',
      engineOption: "audience",
    },
    {
      name: "expected_subject",
      caption: "Expected subject",
      type: "text",
      doc: 'When set, the token\'s "sub" must be exactly this.',
      engineOption: "subject",
    },
    {
      name: "clock_tolerance",
      caption: "Clock tolerance (seconds)",
      type: "number",
      min: 0,
      default: 0,
      doc: "Seconds of clock difference allowed for exp and nbf (e.g. 30). Default 0.",
      engineOption: "clockToleranceSeconds",
    },
    secretEncodingInput("How the secrets are written; the same setting as in Encode JWT. Default text."),
    stopOnErrorInput(
      "Ticked: a token that is not valid stops the workflow with the reason. Not ticked: valid = no with reason_code and error.",
    ),
  ],
  returns: [
    { name: "valid", type: "boolean", doc: "yes only when every check passed." },
    { name: "reason_code", type: "text", doc: "Why not: the error's stable code (ERR_...)." },
    { name: "error", type: "text", doc: "Why not, in plain language." },
    { name: "payload_json", type: "text", doc: "The verified claims as JSON text." },
    { name: "subject", type: "text", doc: "The sub claim." },
    { name: "issuer", type: "text", doc: "The iss claim." },
    { name: "audience", type: "text", doc: "The aud claim; several joined by commas." },
    { name: "issued_at", type: "date", doc: "The iat claim as a date." },
    { name: "expires_at", type: "date", doc: "The exp claim as a date." },
    { name: "key_id", type: "text", doc: "The header's kid." },
    {
      name: "matched_key",
      type: "text",
      doc: "Which key matched: current, previous, the public key's kid, or public_key.",
    },
  ],
  // An empty token is refused as malformed, like any token that is not one.
  missingReportedElsewhere: ["token"],
  async run(values, context) {
    const token = cleanToken(values.token);
    const { public_key: publicKeys, jwks_url: jwksUrl } = values;
    // The plugin's secrets are the default only when no other kind of key is given.
    const useSecrets = publicKeys === undefined && jwksUrl === undefined;
    const secret = values.secret ?? (useSecrets ? context.pluginKey("JWT_SECRET") : undefined);
    const previousSecret =
      values.previous_secret ??
      (useSecrets || secret !== undefined ? context.pluginKey("JWT_SECRET_PREVIOUS") : undefined);
    const keys = await gatherVerifyKeys({
      secret,
      previousSecret,
      publicKeys,
      jwksUrl,
      secretEncoding: asSecretEncoding(values.secret_encoding),
      kid: jwksUrl === undefined ? undefined : decodeJwt(token).header.kid,
    });
    const nonEmpty = (list: string[] | undefined) =>
      list === undefined || list.length === 0 ? undefined : list;
    const { header, payload, key } = verifyJwt(token, keys.keySet, {
      clock: context.clock,
      algorithms: nonEmpty(values.allowed_algorithms)?.map((alg) =>
        parseAlgorithm(alg, "allowed_algorithms"),
      ),
      issuer: nonEmpty(values.expected_issuer),
      audience: nonEmpty(values.expected_audience),
      subject: values.expected_subject?.trim(),
      clockToleranceSeconds: values.clock_tolerance,
    });
    return {
      payload_json: JSON.stringify(payload),
      subject: textClaim(payload.sub),
      issuer: textClaim(payload.iss),
      audience: textClaim(payload.aud),
      issued_at: dateFromSeconds(payload.iat),
      expires_at: dateFromSeconds(payload.exp),
      key_id: textClaim(header.kid),
      matched_key: describeMatch(key, keys),
    };
  },
});

function describeMatch(key: JwtKey, keys: VerifyKeys): string {
  if (key === keys.current) return "current";
  if (key === keys.previous) return "previous";
  return key.kid ?? "public_key";
}
