/**
 * The JWT engine: encode, decode and verify JSON Web Tokens with node:crypto. It knows no product,
 * form or HTTP; the layers built on it word its errors in their own terms (describeJwtError).
 */

export { type Clock, fixedClock, systemClock } from "./clock.js";
export { type DecodeJwtOptions, decodeJwt } from "./decode.js";
export { decodeJweHeader } from "./decode-jwe-header.js";
export {
  type DecryptedJwe,
  type DecryptedJwt,
  type DecryptJweOptions,
  type DecryptJwtOptions,
  decryptJwe,
  decryptJwt,
  type NestedVerifyOptions,
} from "./decrypt.js";
export { DEFAULT_ALGORITHM, DEFAULT_EXPIRES_IN_MINUTES, DEFAULT_MAX_TOKEN_BYTES } from "./defaults.js";
export { type EncodedJwt, type EncodeJwtOptions, encodeJwt, encodeJwtDetailed } from "./encode.js";
export { type EncodeJwsOptions, encodeJws } from "./encode-jws.js";
export {
  type EncryptJweOptions,
  type EncryptJwtOptions,
  encryptJwe,
  encryptJwt,
  type NestedSigningOptions,
} from "./encrypt.js";
export {
  describeJwtError,
  type ErrorWording,
  isJwtError,
  type JsonFault,
  type JsonFaultKind,
  JWT_ERROR_CODES,
  JwtError,
  type JwtErrorCode,
  type JwtErrorFacts,
} from "./errors.js";
export {
  type GeneratedKeyPair,
  type GeneratedSecret,
  type GenerateKeyPairOptions,
  type GenerateSecretOptions,
  generateKeyPair,
  generateSecret,
} from "./generate.js";
export {
  type ImportKeyOptions,
  importKey,
  importSecret,
  type KeyInput,
  type ServiceAccountJson,
} from "./import-key.js";
export { JwtKey, type KeyKind, type KeyUse } from "./key.js";
export { importKeySet, JwtKeySet, type VerifyKeyInput } from "./key-set.js";
export {
  ALGORITHMS,
  type Algorithm,
  type AlgorithmInfo,
  algorithmInfo,
  isSymmetric,
  type KeyFamily,
  parseAlgorithm,
  type SignatureFamily,
} from "./lib/algorithms.js";
export {
  DEFAULT_MAX_INFLATED_BYTES,
  DEFAULT_MAX_PBES2_COUNT,
  JWE_ALGORITHMS,
  JWE_ENCRYPTIONS,
  type JweAlgorithm,
  type JweEncryption,
  REFUSED_JWE_ALGORITHM,
  usesSharedSecret,
} from "./lib/jwe-algorithms.js";
export type { JweHeader } from "./lib/jwe-compact.js";
export { computeThumbprint, type Jwk, type Jwks, toPublicJwk } from "./lib/jwk.js";
export { SECRET_ENCODINGS, type SecretEncoding } from "./lib/secret.js";
export {
  createRemoteIssuer,
  discoveryUrl,
  type IssuerMetadata,
  RemoteIssuer,
  type RemoteIssuerOptions,
  readIssuerMetadata,
  TENANT_ID_TEMPLATE,
} from "./remote-issuer.js";
export {
  createRemoteKeySet,
  type FetchJwksOptions,
  fetchJwks,
  KEY_SET_FORMATS,
  type KeySetFormat,
  RemoteKeySet,
  type RemoteKeySetOptions,
} from "./remote-key-set.js";
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
export type { DecodedJwt, JwtHeader, JwtPayload, JwtWarning } from "./types.js";
export { type VerifiedJwt, type VerifyJwtOptions, verifyJwt } from "./verify.js";
export { type VerifiedJws, type VerifyJwsOptions, verifyJws } from "./verify-jws.js";
