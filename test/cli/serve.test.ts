import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { startServe } from "../../src/cli/commands/serve.js";
import { fakeIo, SECRET } from "./fake-io.js";

const env = {
  JWT_SECRET: SECRET,
  ADMIN_API_TOKEN: "cli-test-admin-token-0123456789abcdef",
  LOG_LEVEL: "silent",
};

describe("bubble-jwt serve", () => {
  it("starts the service on --host/--port from the environment and answers /healthz", async () => {
    const service = await startServe({ port: 0, host: "127.0.0.1" }, fakeIo({ env }));
    try {
      assert.match(service.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const response = await fetch(`${service.url}/healthz`);
      assert.equal(response.status, 200);
      assert.equal(((await response.json()) as { status: string }).status, "ok");
    } finally {
      await service.close();
    }
  });

  it("turns the service's configuration refusal into one expected error", async () => {
    await assert.rejects(
      startServe(
        { port: 0, host: "127.0.0.1" },
        fakeIo({ env: { NODE_ENV: "production", LOG_LEVEL: "silent" } }),
      ),
      { code: "ERR_CONFIG_INVALID", message: /^The service cannot start:\n.*JWT_SECRET/ },
    );
  });
});
