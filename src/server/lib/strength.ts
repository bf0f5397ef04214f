/**
 * Checks that a configured secret or token looks random. A value of one repeated character, or of a
 * handful, passes a length check yet is guessed at once; a random value of 32 characters has about
 * 25 distinct ones (hex: about 15), far above the floor here.
 */
export const MIN_DISTINCT_CHARACTERS = 10;
export const MIN_ADMIN_TOKEN_LENGTH = 32;

/** RFC 6750's b64token: the characters an `Authorization: Bearer` header can carry. */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/** Why `token` cannot be the admin token, or undefined when it can. */
export function adminTokenProblem(token: string): string | undefined {
  if (!B64TOKEN.test(token)) {
    return (
      "holds characters an Authorization: Bearer header cannot carry (spaces, non-ASCII, quotes...); " +
      "use only letters, digits and - . _ ~ + / (= only at the end), as RFC 6750 says"
    );
  }
  if (token.length < MIN_ADMIN_TOKEN_LENGTH) {
    return `is ${token.length} characters long; use at least ${MIN_ADMIN_TOKEN_LENGTH} random characters`;
  }
  return fewDistinctProblem(new Set(token).size);
}

/** Why the secret bytes are too uniform to be random, or undefined. */
export function secretUniformityProblem(bytes: Uint8Array): string | undefined {
  return fewDistinctProblem(new Set(bytes).size);
}

function fewDistinctProblem(distinct: number): string | undefined {
  if (distinct >= MIN_DISTINCT_CHARACTERS) return undefined;
  return (
    `has only ${distinct} distinct character${distinct === 1 ? "" : "s"}: it is not random ` +
    `(at least ${MIN_DISTINCT_CHARACTERS} expected)`
  );
}
