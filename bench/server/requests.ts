import type autocannon from "autocannon";
import type { ServerProcess } from "./processes.js";

/** The secret and admin token every benchmarked server is started with. */
export const SECRET = "bench-secret-0123456789-abcdefghijklmnopqrstuvwxyz";
export const ADMIN = "bench-admin-token-0123456789-abcdefghijklmnopqrstu";
/** generate_token's parameters, as a Bubble app would send them. */
export const BODY = JSON.stringify({ user_id: "1700000000000x42", email: "ada@example.com", role: "editor" });

/** The service's production settings; the limit stays on (its cost is measured) but is never reached. */
export function productionEnv(logLevel = "info"): Record<string, string> {
  return {
    NODE_ENV: "production",
    JWT_SECRET: SECRET,
    ADMIN_API_TOKEN: ADMIN,
    RATE_LIMIT_PER_MINUTE: "1000000000",
    LOG_LEVEL: logLevel,
  };
}

/** POST generate_token with the admin token. */
export function generateToken(server: ServerProcess): autocannon.Options {
  return {
    url: `${server.url}/api/1.1/wf/generate_token`,
    method: "POST",
    headers: { authorization: `Bearer ${ADMIN}`, "content-type": "application/json" },
    body: BODY,
  };
}

/** GET /api/1.1/me with a token the server signed. */
export function me(server: ServerProcess, token: string): autocannon.Options {
  return { url: `${server.url}/api/1.1/me`, headers: { authorization: `Bearer ${token}` } };
}

/** A token from the server's own generate_token. */
export async function tokenFrom(server: ServerProcess): Promise<string> {
  const request = generateToken(server);
  const answer = await fetch(request.url, request);
  if (!answer.ok) throw new Error(`generate_token on ${server.url} answered ${answer.status}`);
  return ((await answer.json()) as { response: { token: string } }).response.token;
}
