/**
 * The floors' credentials, read the way the service reads them: the Bearer token of an `Authorization`
 * header, and the admin check in constant time (SHA-256 of both sides, then timingSafeEqual).
 */
import { createHash, timingSafeEqual } from "node:crypto";

const BEARER = /^Bearer +([\x21-\x7e]+) *$/i;
const digest = (text: string) => createHash("sha256").update(text).digest();
const adminDigest = digest(process.env.ADMIN_API_TOKEN ?? "");

/** The token of `Authorization: Bearer <token>`, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  return header === undefined ? undefined : BEARER.exec(header)?.[1];
}

/** Whether the header carries ADMIN_API_TOKEN as its Bearer token. */
export function isAdminBearer(header: string | undefined): boolean {
  const credential = bearerToken(header);
  return credential !== undefined && timingSafeEqual(digest(credential), adminDigest);
}
