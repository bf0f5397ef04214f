/**
 * The node:crypto floor: the least work that makes and reads the same token. Sign: JSON.stringify,
 * base64url, the signature call. Verify: split, base64url decode, the signature check, JSON.parse
 * of header and payload. No validation at all, so no real verifier can be faster.
 */
import { createHmac, sign, timingSafeEqual, verify } from "node:crypto";
import { type BenchKeys, EXPIRES_IN_SECONDS, PAYLOAD } from "./fixtures.js";

type Signer = (input: string) => string;
type Checker = (input: string, signature: Buffer) => boolean;

function makeSigner(keys: BenchKeys): Signer {
  const key = keys.signingKeyObject;
  switch (keys.alg) {
    case "HS256":
      return (input) => createHmac("sha256", key).update(input).digest("base64url");
    case "RS256":
      return (input) => sign("sha256", Buffer.from(input), key).toString("base64url");
    case "ES256":
      return (input) =>
        sign("sha256", Buffer.from(input), { key, dsaEncoding: "ieee-p1363" }).toString("base64url");
    case "EdDSA":
      return (input) => sign(null, Buffer.from(input), key).toString("base64url");
  }
}

function makeChecker(keys: BenchKeys): Checker {
  const key = keys.verifyingKeyObject;
  switch (keys.alg) {
    case "HS256":
      return (input, signature) => {
        const expected = createHmac("sha256", key).update(input).digest();
        return expected.length === signature.length && timingSafeEqual(expected, signature);
      };
    case "RS256":
      return (input, signature) => verify("sha256", Buffer.from(input), key, signature);
    case "ES256":
      return (input, signature) =>
        verify("sha256", Buffer.from(input), { key, dsaEncoding: "ieee-p1363" }, signature);
    case "EdDSA":
      return (input, signature) => verify(null, Buffer.from(input), key, signature);
  }
}

export function makeFloorSign(keys: BenchKeys): () => string {
  const header = Buffer.from(JSON.stringify({ alg: keys.alg, typ: "JWT" })).toString("base64url");
  const signWith = makeSigner(keys);
  return () => {
    const iat = Math.floor(Date.now() / 1000);
    const claims = Buffer.from(JSON.stringify({ ...PAYLOAD, iat, exp: iat + EXPIRES_IN_SECONDS })).toString(
      "base64url",
    );
    const input = `${header}.${claims}`;
    return `${input}.${signWith(input)}`;
  };
}

export function makeFloorVerify(keys: BenchKeys): (token: string) => unknown {
  const check = makeChecker(keys);
  return (token) => {
    const [header, claims, signature] = token.split(".") as [string, string, string];
    const input = token.slice(0, header.length + claims.length + 1);
    if (!check(input, Buffer.from(signature, "base64url"))) throw new Error("bad signature");
    return {
      header: JSON.parse(Buffer.from(header, "base64url").toString()),
      payload: JSON.parse(Buffer.from(claims, "base64url").toString()),
    };
  };
}
