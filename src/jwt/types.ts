/** The JOSE header of a token. */
export interface JwtHeader {
  alg: string;
  typ?: string;
  kid?: string;
  cty?: string;
  [member: string]: unknown;
}

/** The claims of a token; registered claims are typed, any other member is allowed. */
export interface JwtPayload {
  iss?: string;
  sub?: string;
  aud?: string | string[];
  exp?: number;
  nbf?: number;
  iat?: number;
  jti?: string;
  [claim: string]: unknown;
}

/** Something the engine changed in the caller's input, said so that it is never silent. */
export interface JwtWarning {
  code:
    | "WARN_MILLISECONDS_CONVERTED"
    | "WARN_NUMERIC_TEXT_CONVERTED"
    | "WARN_CLAIM_REPLACED"
    | "WARN_WEAK_KEY_ALLOWED";
  message: string;
  claim?: string;
}

/** A token read without verifying anything. */
export interface DecodedJwt {
  header: JwtHeader;
  payload: JwtPayload;
}
