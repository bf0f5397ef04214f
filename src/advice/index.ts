/** Advice given with a token, never instead of it: the seed plugin's security rules as warnings. */
export {
  hasSensitiveName,
  isExampleSecret,
  LONG_LIFETIME_SECONDS,
  looksLikeCardNumber,
  type SecurityWarning,
  type SecurityWarningCode,
  securityWarnings,
  type TokenFacts,
} from "./security-warnings.js";
