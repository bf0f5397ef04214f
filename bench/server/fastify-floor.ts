/**
 * The framework floor: a bare Fastify 5 server doing the raw floor's work (node-http-floor.ts) and no
 * more. GET /healthz answers {status:"ok"}; POST generate_token checks the admin token the same way (SHA-256
 * of both sides, timingSafeEqual), parses the same JSON body, checks user_id and email, signs with the
 * engine (the key imported once, with a kid, and a random jti, as the service does) and answers the same
 * Bubble body; GET /api/1.1/me verifies the Bearer token as the raw floor does and answers its claims. No
 * hooks, no logs, no rate limit, no security headers: against the raw floor, it is what Fastify itself
 * costs for the same work.
 */
import Fastify from "fastify";
import { engine, newJwtId } from "../lib/engine.js";
import { bearerToken, isAdminBearer } from "./floor-auth.js";

const key = engine.importKey(process.env.JWT_SECRET ?? "", { alg: "HS256", kid: "floor-kid-000000" });
const keys = new engine.JwtKeySet([key]);
const app = Fastify({ logger: false, bodyLimit: 16 * 1024 });

app.get("/healthz", async () => ({ status: "ok" }));
app.post("/api/1.1/wf/generate_token", async (request, reply) => {
  if (!isAdminBearer(request.headers.authorization)) {
    return reply.code(401).send({ statusCode: 401, body: { status: "UNAUTHORIZED", message: "admin only" } });
  }
  const claims = (request.body ?? {}) as Record<string, unknown>;
  if (typeof claims.user_id !== "string" || typeof claims.email !== "string") {
    return reply
      .code(400)
      .send({ statusCode: 400, body: { status: "MISSING_DATA", message: "user_id, email" } });
  }
  const encoded = engine.encodeJwtDetailed(
    { ...claims, sub: claims.user_id },
    {
      key,
      expiresInMinutes: 60,
      jwtId: newJwtId(),
    },
  );
  const expiresAt = encoded.expiresAt?.getTime() ?? 0;
  return {
    status: "success",
    response: { token: encoded.token, expires_at: expiresAt, expires_in: 3600 },
  };
});

app.get("/api/1.1/me", async (request, reply) => {
  const token = bearerToken(request.headers.authorization);
  try {
    if (token === undefined) throw new Error("no token");
    const verified = engine.verifyJwt(token, keys, { clockToleranceSeconds: 30, maxTokenBytes: 8192 });
    return { status: "success", response: { kid: verified.key.kid ?? "", claims: verified.payload } };
  } catch {
    return reply
      .code(401)
      .send({ statusCode: 401, body: { status: "UNAUTHORIZED", message: "invalid token" } });
  }
});

await app.listen({ host: "127.0.0.1", port: Number(process.env.PORT ?? 0), backlog: 4096 });
process.on("SIGTERM", () => void app.close().then(() => process.exit(0)));
