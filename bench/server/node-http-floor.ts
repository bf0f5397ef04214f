/**
 * The raw floor: the service's benchmarked work on bare node:http, no framework. POST generate_token
 * reads the JSON body (16 KiB cap), checks `Authorization: Bearer <ADMIN_API_TOKEN>` in constant time
 * (SHA-256 of both sides, timingSafeEqual, as the service does), checks user_id and email, signs with the
 * engine (`encodeJwtDetailed`, the key imported once with a kid) the same claims as the service (with a
 * random `jti` from the service's own maker) and answers the same Bubble body.
 * GET /api/1.1/me verifies the Bearer token (same key set, tolerance and size cap as the service) and
 * answers its claims; GET /healthz answers {status:"ok"}. No logs, no rate limit, no security headers.
 *
 * With FLOOR_FEATURES=1, the features floor: the same, plus the service's own per-request features made
 * with the service's own parts, still without a framework: its security headers on every answer, its
 * in-memory rate counter and `x-ratelimit-*` headers on generate_token, its in-memory revocation list on
 * /api/1.1/me, a request id, and its access line (lib/access-log.ts) through its redacting, batching log
 * stream (lib/redact.ts) to stdout. The service against it is what the framework and the hooks cost; it
 * against the raw floor is what the features themselves cost.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { engine, newJwtId } from "../lib/engine.js";
import { type ResponseFeatures, responseFeatures } from "./features.js";
import { bearerToken, isAdminBearer } from "./floor-auth.js";

const BODY_LIMIT = 16 * 1024;
const key = engine.importKey(process.env.JWT_SECRET ?? "", { alg: "HS256", kid: "raw-floor-kid-00" });
const keys = new engine.JwtKeySet([key]);
const JSON_TYPE = "application/json; charset=utf-8";

/** The service's features (FLOOR_FEATURES=1), or null for the bare floor. */
const features: ResponseFeatures | null =
  process.env.FLOOR_FEATURES === "1" ? await responseFeatures(process.env) : null;

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  const length = Buffer.byteLength(text);
  if (features === null) res.writeHead(status, { "content-type": JSON_TYPE, "content-length": length });
  else res.writeHead(status, features.headers(res, JSON_TYPE, length));
  res.end(text);
}

function fail(res: ServerResponse, status: number, kind: string, message: string): void {
  send(res, status, { statusCode: status, body: { status: kind, message } });
}

function generateToken(req: IncomingMessage, res: ServerResponse): void {
  if (features !== null && !features.rateLimit(req, res)) {
    req.resume();
    fail(res, 429, "TOO_MANY_REQUESTS", "rate limited");
    return;
  }
  if (!isAdminBearer(req.headers.authorization)) {
    req.resume();
    fail(res, 401, "UNAUTHORIZED", "admin only");
    return;
  }
  if (!(req.headers["content-type"] ?? "").startsWith("application/json")) {
    req.resume();
    fail(res, 415, "UNSUPPORTED_MEDIA_TYPE", "send JSON");
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  req.on("data", (chunk: Buffer) => {
    size += chunk.length;
    if (size <= BODY_LIMIT) chunks.push(chunk);
  });
  req.on("end", () => {
    if (size > BODY_LIMIT) return fail(res, 413, "PAYLOAD_TOO_LARGE", "16 KiB at most");
    let claims: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(Buffer.concat(chunks, size).toString("utf8"));
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new TypeError();
      claims = parsed as Record<string, unknown>;
    } catch {
      return fail(res, 400, "INVALID_DATA", "send a JSON object");
    }
    if (typeof claims.user_id !== "string" || typeof claims.email !== "string") {
      return fail(res, 400, "MISSING_DATA", "user_id and email are required");
    }
    const encoded = engine.encodeJwtDetailed(
      claims.sub === undefined ? { ...claims, sub: claims.user_id } : claims,
      { key, expiresInMinutes: 60, jwtId: newJwtId() },
    );
    const expiresAt = encoded.expiresAt?.getTime() ?? 0;
    send(res, 200, {
      status: "success",
      response: {
        token: encoded.token,
        expires_at: expiresAt,
        expires_in: Math.round((expiresAt - encoded.issuedAt.getTime()) / 1000),
      },
    });
  });
}

function me(req: IncomingMessage, res: ServerResponse): void {
  const token = bearerToken(req.headers.authorization);
  if (token === undefined) {
    fail(res, 401, "UNAUTHORIZED", "send Authorization: Bearer <jwt>");
    return;
  }
  try {
    const verified = engine.verifyJwt(token, keys, { clockToleranceSeconds: 30, maxTokenBytes: 8192 });
    if (features?.revoked(verified.payload)) throw new Error("revoked");
    send(res, 200, {
      status: "success",
      response: { kid: verified.key.kid ?? "", claims: verified.payload },
    });
  } catch {
    fail(res, 401, "UNAUTHORIZED", "invalid token");
  }
}

const server = createServer({ requestTimeout: 30_000 }, (req, res) => {
  if (features !== null) features.accessLine(req, res);
  const url = req.url ?? "/";
  if (req.method === "POST" && url === "/api/1.1/wf/generate_token") return generateToken(req, res);
  if (req.method === "GET" && url === "/api/1.1/me") return me(req, res);
  req.resume();
  if (req.method === "GET" && url === "/healthz") return send(res, 200, { status: "ok" });
  fail(res, 404, "NOT_FOUND", "not found");
});
server.listen({ host: "127.0.0.1", port: Number(process.env.PORT ?? 0), backlog: 4096 });
process.on("SIGTERM", () => server.close(() => process.exit(0)));
