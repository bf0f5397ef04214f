import assert from "node:assert/strict";
import { connect } from "node:net";
import { describe, it } from "node:test";
import { type AccessFields, AccessLogController } from "../../src/server/lib/access-log.js";
import { createRedactor } from "../../src/server/lib/redact.js";
import { startService } from "../../src/server/start.js";
import { ADMIN_TOKEN, adminHeaders, generateToken, makeApp, makeDevApp, SECRET } from "./helpers.js";

const generateUrl = "/api/1.1/wf/generate_token";

describe("bad input always gets a 4xx with a clear body", () => {
  it("malformed JSON, a huge body, a wrong content type, prototype keys, garbage tokens", async () => {
    const { app } = await makeApp();
    const cases = [
      {
        name: "malformed JSON",
        payload: '{"user_id": "u", ',
        type: "application/json",
        status: 400,
        text: /not valid JSON/,
      },
      { name: "empty JSON", payload: "", type: "application/json", status: 400, text: /empty/ },
      {
        name: "huge body",
        payload: JSON.stringify({ user_id: "u", email: "e", pad: "x".repeat(20_000) }),
        type: "application/json",
        status: 413,
        text: /16 KiB/,
      },
      {
        name: "wrong content type",
        payload: "user_id=u",
        type: "text/plain",
        status: 415,
        text: /Unsupported Content-Type/,
      },
      {
        name: "prototype key",
        payload: '{"user_id":"u","email":"e","__proto__":{"admin":true}}',
        type: "application/json",
        status: 400,
        text: /__proto__/,
      },
      { name: "JSON string", payload: '"hello"', type: "application/json", status: 400, text: /JSON object/ },
    ];
    for (const testCase of cases) {
      const response = await app.inject({
        method: "POST",
        url: generateUrl,
        headers: { ...adminHeaders, "content-type": testCase.type },
        payload: testCase.payload,
      });
      assert.equal(response.statusCode, testCase.status, testCase.name);
      const body = response.json();
      assert.equal(body.statusCode, testCase.status, testCase.name);
      assert.match(body.body.message, testCase.text, testCase.name);
    }
    const garbage = [
      "",
      ".",
      "..",
      "a.b.c",
      "eyJ.eyJ.x",
      "e".repeat(20_000),
      "\u0000\u0001",
      "eyJhbGciOiJub25lIn0.e30.",
    ];
    for (const token of garbage) {
      const me = await app.inject({ url: "/api/1.1/me", headers: { authorization: `Bearer ${token}` } });
      assert.ok(
        me.statusCode >= 400 && me.statusCode < 500,
        `me ${JSON.stringify(token.slice(0, 20))}: ${me.statusCode}`,
      );
      const verify = await app.inject({
        method: "POST",
        url: "/api/1.1/wf/verify_token",
        payload: { token },
      });
      assert.ok(
        verify.statusCode < 500,
        `verify ${JSON.stringify(token.slice(0, 20))}: ${verify.statusCode}`,
      );
    }
    const unknown = await app.inject({ method: "POST", url: "/api/1.1/wf/generate_tokn" });
    assert.equal(unknown.statusCode, 404);
    assert.match(unknown.json().body.message, /^Workflow not found: generate_tokn/);
  });

  it("answers a 100 KB header with 431 and a JSON body over a real socket, and keeps serving", async () => {
    const service = await startService({
      JWT_SECRET: SECRET,
      ADMIN_API_TOKEN: ADMIN_TOKEN,
      PORT: "0",
      LOG_LEVEL: "silent",
      NODE_ENV: "test",
    });
    try {
      const { port } = new URL(service.url);
      const raw = await new Promise<string>((resolve, reject) => {
        const socket = connect(Number(port), "127.0.0.1");
        let data = "";
        socket.on("data", (chunk) => {
          data += chunk.toString();
        });
        socket.on("end", () => resolve(data));
        socket.on("error", reject);
        socket.write(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(100_000)}\r\n\r\n`);
      });
      assert.match(raw, /^HTTP\/1\.1 431 /);
      assert.match(raw, /"status":"HEADERS_TOO_LARGE"/);
      const health = await fetch(`${service.url}/healthz`);
      assert.equal(health.status, 200);
    } finally {
      await service.close();
    }
  });
});

describe("headers", () => {
  it("sends security headers everywhere and a strict CSP on the page", async () => {
    const { app } = await makeApp();
    const api = await app.inject({ url: "/healthz" });
    assert.equal(api.headers["x-content-type-options"], "nosniff");
    assert.equal(api.headers["x-frame-options"], "DENY");
    assert.equal(api.headers["referrer-policy"], "no-referrer");
    assert.equal(api.headers["content-security-policy"], "default-src 'none'; frame-ancestors 'none'");
    const page = await app.inject({ url: "/" });
    assert.equal(page.statusCode, 200);
    assert.match(String(page.headers["content-type"]), /^text\/html/);
    assert.match(
      String(page.headers["content-security-policy"]),
      /^default-src 'none'; script-src 'self'; style-src 'self';/,
    );
    assert.ok(!page.body.includes("<script>"), "no inline script");
  });

  it("sends no CORS headers unless CORS_ORIGINS is set, then only to those origins", async () => {
    const { app } = await makeApp();
    const closed = await app.inject({ url: "/healthz", headers: { origin: "https://evil.example" } });
    assert.equal(closed.headers["access-control-allow-origin"], undefined);
    const { app: open } = await makeApp({ CORS_ORIGINS: "https://myapp.bubbleapps.io" });
    const allowed = await open.inject({
      url: "/healthz",
      headers: { origin: "https://myapp.bubbleapps.io" },
    });
    assert.equal(allowed.headers["access-control-allow-origin"], "https://myapp.bubbleapps.io");
    const other = await open.inject({ url: "/healthz", headers: { origin: "https://evil.example" } });
    assert.equal(other.headers["access-control-allow-origin"], undefined);
  });
});

describe("the test page", () => {
  it("is off in production unless ENABLE_TEST_PAGE=1, and so is its token endpoint", async () => {
    const { app } = await makeApp({ NODE_ENV: "production" });
    const page = await app.inject({ url: "/" });
    assert.equal(page.statusCode, 404);
    assert.match(page.json().body.message, /ENABLE_TEST_PAGE=1/);
    const token = await app.inject({
      method: "POST",
      url: "/test-page/token",
      payload: { user_id: "u", email: "e" },
    });
    assert.equal(token.statusCode, 404);
    const { app: staging } = await makeApp({ NODE_ENV: "production", ENABLE_TEST_PAGE: "1" });
    assert.equal((await staging.inject({ url: "/" })).statusCode, 200);
  });

  it("mints short tokens for same-origin JSON requests only", async () => {
    const { app } = await makeDevApp();
    const call = (headers: Record<string, string>) =>
      app.inject({
        method: "POST",
        url: "/test-page/token",
        headers,
        payload: { user_id: "u", email: "e@x.y" },
      });
    const ok = await call({ "sec-fetch-site": "same-origin", origin: "http://localhost:80" });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().response.expires_in, 15 * 60);
    const crossSite = await call({ "sec-fetch-site": "cross-site", origin: "https://evil.example" });
    assert.equal(crossSite.statusCode, 403);
    assert.equal(crossSite.json().body.reason_code, "ERR_CROSS_SITE");
  });
});

describe("logs", () => {
  it("never contain the secret, the admin token or a JWT, whatever the requests hold", async () => {
    const { app, lines } = await makeApp({ LOG_LEVEL: "trace" });
    const token = await generateToken(app);
    await app.inject({ method: "POST", url: `/api/1.1/wf/verify_token?token=${token}` });
    await app.inject({ url: "/api/1.1/me", headers: { authorization: `Bearer ${token}` } });
    await app.inject({ url: "/api/1.1/me", headers: { authorization: `Bearer ${token}x` } });
    await app.inject({ url: `/nowhere/${token}?secret=${SECRET}` });
    await app.inject({ url: `/api/1.1/wf/${ADMIN_TOKEN}` });
    await app.inject({
      method: "POST",
      url: generateUrl,
      headers: { authorization: `Bearer ${SECRET}`, "content-type": "application/json" },
      payload: `{"user_id": "${token}", "secret": "${SECRET}"`,
    });
    app.log.info({ leaked: { token, SECRET, ADMIN_TOKEN } }, `message with ${token} and ${ADMIN_TOKEN}`);
    assert.ok(lines.length >= 8, `captured ${lines.length} lines`);
    const all = lines.join("");
    for (const needle of [SECRET, ADMIN_TOKEN, token, token.split(".")[1] as string]) {
      assert.ok(!all.includes(needle), `a log line holds ${needle.slice(0, 12)}...`);
    }
    assert.match(all, /\[jwt redacted\]/);
    assert.match(all, /\[secret redacted\]/);
  });

  it("redacts secrets in their JSON-escaped form too", () => {
    const redact = createRedactor(['multi\nline "secret" value']);
    assert.equal(redact(JSON.stringify({ m: 'multi\nline "secret" value' })), '{"m":"[secret redacted]"}');
  });
});

describe("access log", () => {
  it("writes one line per request: method, path without its query string, status, time, request id", async () => {
    const { app, lines } = await makeApp({ LOG_LEVEL: "info" });
    await app.inject({ url: `/healthz?token=${SECRET}` });
    await app.inject({ method: "POST", url: generateUrl, payload: { user_id: "u" } });
    const entries = lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((entry) => entry.msg === "request done");
    assert.equal(entries.length, 2, lines.join(""));
    const [health, refused] = entries;
    assert.deepEqual(
      { method: health?.method, path: health?.path, statusCode: health?.statusCode, msg: health?.msg },
      { method: "GET", path: "/healthz", statusCode: 200, msg: "request done" },
    );
    assert.equal(typeof health?.ms, "number");
    assert.equal(typeof health?.reqId, "string");
    assert.notEqual(health?.reqId, refused?.reqId);
    assert.equal(health?.level, 30);
    assert.deepEqual(
      { path: refused?.path, statusCode: refused?.statusCode },
      { path: generateUrl, statusCode: 401 },
    );
    assert.ok(!lines.join("").includes(SECRET));
  });

  it("gives a refusal's own line the request id of its access line (request loggers are built on first use)", async () => {
    const { app, lines } = await makeApp({ LOG_LEVEL: "info" });
    await app.inject({ method: "POST", url: generateUrl, payload: { user_id: "u" } });
    await app.inject({ method: "POST", url: generateUrl, payload: { user_id: "u" } });
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const refusals = entries.filter((entry) => entry.msg === "request refused");
    const done = entries.filter((entry) => entry.msg === "request done");
    assert.equal(refusals.length, 2, lines.join(""));
    assert.deepEqual(
      refusals.map((entry) => entry.reqId),
      done.map((entry) => entry.reqId),
    );
    assert.notEqual(refusals[0]?.reqId, refusals[1]?.reqId);
    assert.equal(refusals[0]?.statusCode, 401);
  });

  it("writes the access line exactly as pino writes the same fields, whatever they hold", async () => {
    const { app, lines } = await makeApp({ LOG_LEVEL: "info" });
    await app.inject({ url: "/api/1.1/%22quoted%22/%C3%BC?token=x" });
    const served = JSON.parse(lines.find((line) => line.includes('"request done"')) as string);
    const controller = new AccessLogController({ write: () => undefined });
    const cases: AccessFields[] = [
      { reqId: served.reqId, method: "GET", path: served.path, statusCode: 404, ms: served.ms },
      { reqId: 'req-"7"', method: "POST", path: '/"q"\\b/ünï/\u2028\u0001\ud800', statusCode: 200, ms: 12.3 },
      { reqId: "req-1", method: "DELETE", path: "/", statusCode: 405, ms: 0 },
    ];
    const realNow = Date.now;
    for (const fields of cases) {
      lines.length = 0;
      Date.now = () => 1_764_590_400_123;
      try {
        app.log.info({ ...fields }, "request done");
      } finally {
        Date.now = realNow;
      }
      assert.equal(controller.line(1_764_590_400_123, fields), lines[0]);
    }
  });

  it("writes no access line below its level", async () => {
    const { app, lines } = await makeApp({ LOG_LEVEL: "warn" });
    await app.inject({ url: "/healthz" });
    assert.deepEqual(lines, []);
  });
});
