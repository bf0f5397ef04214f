/**
 * The framework floor: a bare Fastify 5 server doing the least the service's two benchmarked endpoints
 * must do. GET /healthz answers {status:"ok"}; POST generate_token parses the same JSON body, checks
 * user_id and email, signs with the engine (the key imported once, with a kid, and a random jti, as the
 * service does) and answers the same Bubble body. No hooks, no auth, no logs, no rate limit: what no service can go below.
 */
import Fastify from "fastify";
import { engine, newJwtId } from "../lib/engine.js";

const key = engine.importKey(process.env.JWT_SECRET ?? "", { alg: "HS256", kid: "floor-kid-000000" });
const app = Fastify({ logger: false, bodyLimit: 16 * 1024 });

app.get("/healthz", async () => ({ status: "ok" }));
app.post("/api/1.1/wf/generate_token", async (request, reply) => {
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

await app.listen({ host: "127.0.0.1", port: Number(process.env.PORT ?? 0), backlog: 4096 });
process.on("SIGTERM", () => void app.close().then(() => process.exit(0)));
