import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { startService } from "../../src/server/start.js";
import { ADMIN_TOKEN, SECRET } from "./helpers.js";

describe("under load", () => {
  it("answers 1,000 concurrent requests to generate_token and me over a real socket, none lost", async () => {
    const service = await startService({
      NODE_ENV: "test",
      JWT_SECRET: SECRET,
      ADMIN_API_TOKEN: ADMIN_TOKEN,
      PORT: "0",
      LOG_LEVEL: "silent",
      RATE_LIMIT_PER_MINUTE: "100000",
    });
    try {
      const generate = (index: number) =>
        fetch(`${service.url}/api/1.1/wf/generate_token`, {
          method: "POST",
          headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
          body: JSON.stringify({ user_id: `user-${index}`, email: `user-${index}@example.com` }),
        }).then(async (response) => ({ status: response.status, body: await response.json() }));
      const first = await generate(-1);
      const token = first.body.response.token as string;
      const me = () =>
        fetch(`${service.url}/api/1.1/me`, { headers: { authorization: `Bearer ${token}` } }).then(
          async (response) => ({ status: response.status, body: await response.json() }),
        );
      const results = await Promise.allSettled(
        Array.from({ length: 1000 }, (_, index) => (index % 2 === 0 ? generate(index) : me())),
      );
      const rejected = results.filter((result) => result.status === "rejected");
      assert.equal(rejected.length, 0, String((rejected[0] as PromiseRejectedResult | undefined)?.reason));
      const answers = results.map(
        (result) => (result as PromiseFulfilledResult<{ status: number; body: { status: string } }>).value,
      );
      assert.equal(answers.length, 1000);
      assert.deepEqual(
        answers.filter((answer) => answer.status !== 200 || answer.body.status !== "success"),
        [],
      );
      const userIds = new Set(
        answers
          .filter((_, index) => index % 2 === 0)
          .map((answer) => {
            const response = (answer.body as unknown as { response: { token: string } }).response;
            return JSON.parse(Buffer.from(response.token.split(".")[1] as string, "base64url").toString())
              .user_id;
          }),
      );
      assert.equal(userIds.size, 500);
    } finally {
      await service.close();
    }
  });
});
