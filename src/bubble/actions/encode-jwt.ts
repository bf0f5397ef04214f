import {
  type Algorithm,
  algorithmInfo,
  DEFAULT_ALGORITHM,
  DEFAULT_EXPIRES_IN_MINUTES,
  encodeJwtDetailed,
  isSymmetric,
  JwtError,
  parseAlgorithm,
  securityWarnings,
} from "../../jwt/index.js";
import { defineAction } from "../define-action.js";
import {
  algorithmInput,
  asSecretEncoding,
  secretEncodingInput,
  stopOnErrorInput,
} from "../lib/common-inputs.js";

/** Encode JWT: the seed plugin's action (json data, Secret, Expiration), with the engine's checks. */
export const encodeJwtAction = defineAction({
  key: "encode-jwt",
  source: import.meta.url,
  display: "Encode JWT",
  summary:
    "Signs a token from the JSON claims in json data. It sets iat, and exp Expiration minutes ahead; the secret comes from the Secret field or the plugin key JWT_SECRET.",
  failure: "ok",
  fields: [
    {
      name: "json_data",
      caption: "json data",
      type: "long-text",
      required: true,
      doc:
        'The claims, as a JSON object: {"user_id": "...", "email": "..."}. Insert dynamic texts with ' +
        '":formatted as JSON-safe". Dates as UNIX milliseconds in "exp", "iat" or "nbf" are turned into seconds.',
    },
    {
      name: "secret",
      caption: "Secret",
      type: "secret",
      fallbackKey: "JWT_SECRET",
      doc: "The HMAC secret (HS256/384/512). Leave empty to use the plugin key JWT_SECRET (recommended: it stays on the server).",
    },
    {
      name: "expiration",
      caption: "Expiration",
      type: "number",
      exclusiveMin: 0,
      default: DEFAULT_EXPIRES_IN_MINUTES,
      doc: `Minutes until the token expires (60 = one hour; 0.5 = 30 seconds). Default ${DEFAULT_EXPIRES_IN_MINUTES}.`,
      engineOption: "expiresInMinutes",
    },
    algorithmInput(
      "HS256/384/512 sign with the secret; RS, PS, ES and EdDSA sign with the private key. Default HS256.",
    ),
    {
      name: "private_key",
      caption: "Private key",
      type: "secret",
      multiline: true,
      fallbackKey: "JWT_PRIVATE_KEY",
      doc: "For RS/PS/ES/EdDSA: the private key (PEM or JWK; pasted line breaks may be lost). Leave empty to use the plugin key JWT_PRIVATE_KEY.",
    },
    secretEncodingInput(
      "How the secret is written: text (its characters as they are, the default) or base64, base64url, hex bytes. Use the same setting in Verify.",
    ),
    {
      name: "key_id",
      caption: "Key ID (kid)",
      type: "text",
      doc: 'Written into the header as "kid", so a verifier with several keys picks the right one.',
    },
    {
      name: "issuer",
      caption: "Issuer",
      type: "text",
      doc: 'The "iss" claim: who made the token, e.g. your app\'s URL.',
      engineOption: "issuer",
    },
    {
      name: "subject",
      caption: "Subject",
      type: "text",
      doc: 'The "sub" claim: whom the token is about, e.g. the user\'s unique id.',
      engineOption: "subject",
    },
    {
      name: "audience",
      caption: "Audience",
      type: "list",
      doc: 'The "aud" claim: who should accept the token. Several values separated by commas.',
      engineOption: "audience",
    },
    {
      name: "not_before_minutes",
      caption: "Not before (minutes from now)",
      type: "number",
      doc: 'The "nbf" claim: the token is not valid until this many minutes from now.',
      engineOption: "notBeforeMinutes",
    },
    {
      name: "add_jti",
      caption: "Add a unique token ID (jti)",
      type: "boolean",
      default: false,
      doc: 'Adds a random "jti", returned as jti, so a token can be recognised or revoked.',
    },
    {
      name: "extra_header",
      caption: "Extra header (JSON)",
      type: "text",
      doc: 'More header members as a JSON object, e.g. {"typ": "at+jwt"}. "alg" cannot be set here.',
    },
    {
      name: "allow_short_secret",
      caption: "Allow a short secret (not recommended)",
      type: "boolean",
      default: false,
      doc: "Accept a secret shorter than the hash (32 bytes for HS256). Short secrets can be guessed; use only to match an existing system.",
    },
    stopOnErrorInput(
      "Ticked: a failure stops the workflow with its message. Not ticked: the action returns ok = no with error and error_code.",
    ),
  ],
  returns: [
    { name: "token", type: "text", doc: "The signed token." },
    { name: "expires_at", type: "date", doc: "When it expires (exp)." },
    { name: "issued_at", type: "date", doc: "When it was signed (iat)." },
    { name: "expires_at_unix", type: "number", doc: "exp in seconds since 1970." },
    { name: "jti", type: "text", doc: "The token ID, when Add a unique token ID is ticked." },
    { name: "ok", type: "boolean", doc: "yes when the token was made." },
    { name: "error", type: "text", doc: "What went wrong, in the fields' terms." },
    { name: "error_code", type: "text", doc: "The error's stable code (ERR_...)." },
    {
      name: "warnings",
      type: "text",
      doc: "What was converted or ignored, and security advice with its code (WARN_SENSITIVE_CLAIM, WARN_LONG_LIFETIME, WARN_EXAMPLE_SECRET), one per line.",
    },
  ],
  // An empty json data is the engine's "payload is required", the phrase users search for.
  missingReportedElsewhere: ["json_data"],
  run(values, context) {
    const alg = parseAlgorithm(values.algorithm ?? DEFAULT_ALGORITHM, "algorithm");
    const warnings: string[] = [];
    if (isSymmetric(alg) && context.given("private_key")) {
      warnings.push(
        `Private key is ignored: ${alg} signs with the secret. Choose RS256, ES256 or EdDSA to use it.`,
      );
    }
    const encoded = encodeJwtDetailed(values.json_data ?? "", {
      clock: context.clock,
      key: signingKey(alg, values.secret, values.private_key),
      alg,
      secretEncoding: asSecretEncoding(values.secret_encoding),
      expiresInMinutes: values.expiration ?? DEFAULT_EXPIRES_IN_MINUTES,
      notBeforeMinutes: values.not_before_minutes,
      issuer: values.issuer,
      subject: values.subject,
      audience: values.audience === undefined || values.audience.length === 0 ? undefined : values.audience,
      jwtId: values.add_jti === true ? true : undefined,
      header: readHeader(values.extra_header, values.key_id),
      allowWeakKey: values.allow_short_secret === true,
    });
    warnings.push(...encoded.warnings.map((warning) => warning.message));
    // The seed's security advice, as warnings with their codes: the token is made all the same.
    const { iat, exp } = encoded.payload;
    const advice = securityWarnings({
      claims: encoded.payload,
      ...(typeof iat === "number" && typeof exp === "number" ? { lifetimeSeconds: exp - iat } : {}),
      ...(isSymmetric(alg) && values.secret !== undefined ? { secretText: values.secret } : {}),
    });
    warnings.push(...advice.map((warning) => `${warning.message} (${warning.code})`));
    return {
      token: encoded.token,
      expires_at: encoded.expiresAt ?? null,
      issued_at: encoded.issuedAt,
      expires_at_unix: typeof exp === "number" ? exp : null,
      jti: typeof encoded.payload.jti === "string" ? encoded.payload.jti : null,
      warnings: warnings.length === 0 ? null : warnings.join("\n"),
    };
  },
});

function signingKey(alg: Algorithm, secret: string | undefined, privateKey: string | undefined): string {
  if (isSymmetric(alg)) {
    if (secret !== undefined) return secret;
    throw new JwtError(
      "ERR_KEY_MISSING",
      `No secret: fill in the plugin key JWT_SECRET (Plugins tab) or the action's Secret field. ${alg} needs at least ${algorithmInfo(alg).minSecretBytes} random bytes.`,
    );
  }
  if (privateKey !== undefined) return privateKey;
  throw new JwtError(
    "ERR_KEY_MISSING",
    `No private key: ${alg} signs with a private key. Fill in the plugin key JWT_PRIVATE_KEY (Plugins tab) or the action's Private key field.`,
  );
}

function readHeader(json: string | undefined, kid: string | undefined): Record<string, unknown> | undefined {
  let header: Record<string, unknown> | undefined;
  if (json !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch {
      throw new JwtError("ERR_OPTION_INVALID", {
        option: "extra_header",
        reason: "invalid",
        problem: "is not valid JSON",
        fix: 'Write an object such as {"typ": "at+jwt"}, with double quotes.',
      });
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
      throw new JwtError("ERR_OPTION_INVALID", {
        option: "extra_header",
        reason: "invalid",
        problem: "must be a JSON object ({ ... })",
      });
    }
    header = { ...(parsed as Record<string, unknown>) };
  }
  if (kid !== undefined) header = { ...header, kid: kid.trim() };
  return header;
}
