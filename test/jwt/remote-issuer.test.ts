// The engine's issuer configuration (OpenID Connect Discovery 1.0) against a real local HTTPS server:
// exact issuer match, Microsoft's {tenantid} template only when allowed, https-only jwks_uri, no
// redirects, size and time caps, bounded Cache-Control caching and back-off counted by requests.
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import {
  createRemoteIssuer,
  discoveryUrl,
  JwtError,
  type RemoteIssuer,
  type RemoteIssuerOptions,
  readIssuerMetadata,
  TENANT_ID_TEMPLATE,
} from "../../src/jwt/index.js";
import { startHttpsServer, type TestHttpsServer } from "../helpers/https-server.js";

let server: TestHttpsServer;
/** What the server answers, by path; anything else is 404. */
let routes: Map<string, (res: import("node:http").ServerResponse) => void>;
let hits: Map<string, number>;

before(async () => {
  server = await startHttpsServer((req, res) => {
    const path = req.url ?? "/";
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const route = routes.get(path);
    if (route === undefined) res.writeHead(404).end();
    else route(res);
  });
});
after(() => server.close());
beforeEach(() => {
  routes = new Map();
  hits = new Map();
});

const WELL_KNOWN = "/.well-known/openid-configuration";

/** Serves a configuration document at `<path>/.well-known/openid-configuration`. */
function serve(path: string, document: unknown, cacheControl?: string): string {
  routes.set(`${path.replace(/\/$/, "")}${WELL_KNOWN}`, (res) => {
    res.writeHead(200, {
      "content-type": "application/json",
      ...(cacheControl === undefined ? {} : { "cache-control": cacheControl }),
    });
    res.end(JSON.stringify(document));
  });
  return `${path.replace(/\/$/, "")}${WELL_KNOWN}`;
}

function documentFor(issuer: string, more: Record<string, unknown> = {}) {
  return { issuer, jwks_uri: `${server.origin}/keys`, ...more };
}

function issuerAt(issuer: string, options: RemoteIssuerOptions = {}): RemoteIssuer {
  return createRemoteIssuer(issuer, { ca: server.cert, ...options });
}

async function rejection(promise: Promise<unknown>): Promise<JwtError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof JwtError, `expected a JwtError, got ${String(error)}`);
    return error;
  }
  assert.fail("expected a rejection");
}

describe("discoveryUrl", () => {
  it("adds the well-known path after the issuer, any trailing slash removed", () => {
    assert.equal(discoveryUrl("https://a.example.com"), `https://a.example.com${WELL_KNOWN}`);
    assert.equal(discoveryUrl("https://a.example.com/"), `https://a.example.com${WELL_KNOWN}`);
    assert.equal(
      discoveryUrl("https://a.example.com/realms/x"),
      `https://a.example.com/realms/x${WELL_KNOWN}`,
    );
    assert.equal(
      discoveryUrl("https://a.example.com/tenant/v2.0/"),
      `https://a.example.com/tenant/v2.0${WELL_KNOWN}`,
    );
  });

  it("refuses what is not a plain https URL", () => {
    for (const bad of [
      "a.example.com",
      "http://a.example.com",
      "https://user:pw@a.example.com",
      "https://a.example.com/?x=1",
      "https://a.example.com/#x",
      // An empty fragment or query is still one: it would cut the well-known path off the request.
      "https://a.example.com/#",
      "https://a.example.com/?",
    ]) {
      assert.throws(() => discoveryUrl(bad), { code: "ERR_OPTION_INVALID" }, bad);
    }
  });
});

describe("readIssuerMetadata", () => {
  const issuer = "https://login.example.com/realms/acme";
  const text = (document: unknown) => JSON.stringify(document);

  it("reads the members and keeps the whole document", () => {
    const metadata = readIssuerMetadata(
      text({
        issuer,
        jwks_uri: "https://login.example.com/keys",
        token_endpoint: "https://login.example.com/token",
        id_token_signing_alg_values_supported: ["RS256", "ES256"],
        userinfo_endpoint: "https://login.example.com/me",
      }),
      issuer,
    );
    assert.equal(metadata.issuer, issuer);
    assert.equal(metadata.jwks_uri, "https://login.example.com/keys");
    assert.deepEqual(metadata.id_token_signing_alg_values_supported, ["RS256", "ES256"]);
    assert.equal(metadata.document.userinfo_endpoint, "https://login.example.com/me");
  });

  it("trusts only the identical issuer, trailing slash included", () => {
    const jwks_uri = "https://login.example.com/keys";
    for (const [said, configured] of [
      [`${issuer}/`, issuer],
      [issuer, `${issuer}/`],
      ["https://LOGIN.example.com/realms/acme", issuer],
      ["https://login.example.com/realms/other", issuer],
    ] as const) {
      assert.throws(
        () => readIssuerMetadata(text({ issuer: said, jwks_uri }), configured),
        (error: JwtError) => error.code === "ERR_DISCOVERY_FAILED" && error.reason === "issuer-mismatch",
      );
    }
  });

  it("accepts Microsoft's {tenantid} template only when allowed, and only in place of the configured tenant", () => {
    const common = "https://login.microsoftonline.com/common/v2.0";
    const template = `https://login.microsoftonline.com/${TENANT_ID_TEMPLATE}/v2.0`;
    const body = (said: string) => text({ issuer: said, jwks_uri: "https://login.microsoftonline.com/k" });
    assert.throws(() => readIssuerMetadata(body(template), common), { code: "ERR_DISCOVERY_FAILED" });
    assert.equal(readIssuerMetadata(body(template), common, { allowTenantTemplate: true }).issuer, template);
    // A template of another host, another path, or with the placeholder anywhere else is not this issuer.
    for (const said of [
      `https://evil.example.com/${TENANT_ID_TEMPLATE}/v2.0`,
      `https://login.microsoftonline.com/${TENANT_ID_TEMPLATE}/v1.0`,
      `https://login.microsoftonline.com/${TENANT_ID_TEMPLATE}/v2.0/`,
      `https://${TENANT_ID_TEMPLATE}.microsoftonline.com/common/v2.0`,
      `https://login.microsoftonline.com/${TENANT_ID_TEMPLATE}/${TENANT_ID_TEMPLATE}/v2.0`,
      `https://login.microsoftonline.com/x/${TENANT_ID_TEMPLATE}/v2.0`,
    ]) {
      assert.throws(
        () => readIssuerMetadata(body(said), common, { allowTenantTemplate: true }),
        (error: JwtError) => error.code === "ERR_DISCOVERY_FAILED" && error.reason === "issuer-mismatch",
        said,
      );
    }
  });

  it("requires an https jwks_uri, and an https token_endpoint when there is one", () => {
    for (const more of [
      {},
      { jwks_uri: "http://login.example.com/keys" },
      { jwks_uri: "https://" },
      { jwks_uri: "https://user:pw@login.example.com/keys" },
      { jwks_uri: 42 },
      { jwks_uri: "https://login.example.com/keys", token_endpoint: "http://login.example.com/token" },
    ]) {
      assert.throws(
        () => readIssuerMetadata(text({ issuer, ...more }), issuer),
        (error: JwtError) => error.code === "ERR_DISCOVERY_FAILED" && error.reason === "invalid",
        JSON.stringify(more),
      );
    }
  });

  it("refuses what is not a JSON object with an issuer", () => {
    for (const body of ["not json", "[]", "null", "{}", '{"issuer":1}']) {
      assert.throws(
        () => readIssuerMetadata(body, issuer),
        (error: JwtError) => error.code === "ERR_DISCOVERY_FAILED" && error.reason === "invalid",
      );
    }
  });
});

describe("RemoteIssuer", () => {
  it("fetches the issuer's own configuration, once for concurrent callers", async () => {
    const issuer = `${server.origin}/acme`;
    const path = serve("/acme", documentFor(issuer));
    const remote = issuerAt(issuer);
    assert.equal(remote.url, `${issuer}${WELL_KNOWN}`);
    const [a, b] = await Promise.all([remote.metadata(), remote.metadata()]);
    assert.equal(a.jwks_uri, `${server.origin}/keys`);
    assert.equal(a, b);
    assert.equal(hits.get(path), 1);
  });

  it("fetches without the trailing slash and still requires it in the document", async () => {
    const issuer = `${server.origin}/slash/`;
    const path = serve("/slash", documentFor(issuer));
    assert.equal((await issuerAt(issuer).metadata()).issuer, issuer);
    const error = await rejection(issuerAt(`${server.origin}/slash`).metadata());
    assert.equal(error.reason, "issuer-mismatch");
    assert.match(error.message, /trailing slash/);
    assert.equal(hits.get(path), 2);
  });

  it("refuses a document of another issuer, whatever keys it names", async () => {
    serve("/a", documentFor(`${server.origin}/b`));
    const error = await rejection(issuerAt(`${server.origin}/a`).metadata());
    assert.equal(error.code, "ERR_DISCOVERY_FAILED");
    assert.equal(error.reason, "issuer-mismatch");
  });

  it("accepts the {tenantid} template only when allowed", async () => {
    const issuer = `${server.origin}/common/v2.0`;
    serve("/common/v2.0", documentFor(`${server.origin}/${TENANT_ID_TEMPLATE}/v2.0`));
    assert.equal((await rejection(issuerAt(issuer).metadata())).reason, "issuer-mismatch");
    const allowed = await issuerAt(issuer, { allowTenantTemplate: true }).metadata();
    assert.equal(allowed.issuer, `${server.origin}/${TENANT_ID_TEMPLATE}/v2.0`);
  });

  it("refuses an http jwks_uri from the server", async () => {
    serve("/plain", documentFor(`${server.origin}/plain`, { jwks_uri: "http://127.0.0.1/keys" }));
    const error = await rejection(issuerAt(`${server.origin}/plain`).metadata());
    assert.equal(error.reason, "invalid");
    assert.match(error.message, /https jwks_uri/);
  });

  it("does not follow a redirect", async () => {
    const issuer = `${server.origin}/moved`;
    serve("/elsewhere", documentFor(issuer));
    routes.set(`/moved${WELL_KNOWN}`, (res) => {
      res.writeHead(302, { location: `${server.origin}/elsewhere${WELL_KNOWN}` }).end();
    });
    const error = await rejection(issuerAt(issuer).metadata());
    assert.equal(error.code, "ERR_DISCOVERY_FAILED");
    assert.equal(error.reason, "fetch");
    assert.match(error.message, /HTTP 302.*redirects are not followed/);
    assert.equal(hits.get(`/elsewhere${WELL_KNOWN}`), undefined);
  });

  it("refuses a document above maxBytes", async () => {
    const issuer = `${server.origin}/big`;
    serve("/big", documentFor(issuer, { padding: "x".repeat(4096) }));
    const error = await rejection(issuerAt(issuer, { maxBytes: 1024 }).metadata());
    assert.equal(error.reason, "fetch");
    assert.match(error.message, /1024 bytes/);
    assert.equal((await issuerAt(issuer).metadata()).issuer, issuer);
  });

  it("gives up after timeoutMs", async () => {
    routes.set(`/silent${WELL_KNOWN}`, () => {});
    const started = Date.now();
    const error = await rejection(issuerAt(`${server.origin}/silent`, { timeoutMs: 150 }).metadata());
    assert.equal(error.reason, "fetch");
    assert.match(error.message, /did not answer within 150 ms/);
    assert.ok(Date.now() - started < 3000);
  });

  it("reads the configuration from the url option when given, still requiring the configured issuer", async () => {
    const issuer = "https://login.example.com/tenant/v2.0/";
    const path = serve("/tenant/policy/v2.0", documentFor(issuer));
    const url = `${server.origin}${path}`;
    const remote = issuerAt(issuer, { url });
    assert.equal(remote.url, url);
    assert.equal((await remote.metadata()).issuer, issuer);
    const other = issuerAt("https://login.example.com/other/v2.0/", { url });
    assert.equal((await rejection(other.metadata())).reason, "issuer-mismatch");
    for (const bad of ["http://127.0.0.1/x", "https://u:p@127.0.0.1/x", "not a url", `${url}#x`]) {
      assert.throws(() => createRemoteIssuer(issuer, { url: bad }), { code: "ERR_OPTION_INVALID" }, bad);
    }
  });

  it("refuses an issuer that is not https before any request", () => {
    assert.throws(() => createRemoteIssuer("http://127.0.0.1/x"), { code: "ERR_OPTION_INVALID" });
    assert.throws(() => createRemoteIssuer(`${server.origin}/x`, { minCacheAgeMs: -1 }), {
      code: "ERR_OPTION_INVALID",
    });
  });

  describe("caching", () => {
    async function requestsAfter(cacheControl: string | undefined, steps: number[], options = {}) {
      let now = 0;
      const issuer = `${server.origin}/cache`;
      const path = serve("/cache", documentFor(issuer), cacheControl);
      const remote = issuerAt(issuer, { clock: () => now, ...options });
      const counts: number[] = [];
      for (const at of steps) {
        now = at;
        await remote.metadata();
        counts.push(hits.get(path) ?? 0);
      }
      hits.clear();
      return counts;
    }

    it("keeps the document for max-age", async () => {
      assert.deepEqual(
        await requestsAfter("public, max-age=300", [0, 299_999, 300_000, 599_999, 600_000]),
        [1, 1, 2, 2, 3],
      );
    });

    it("bounds max-age: at least 1 minute, at most 24 hours; 1 hour without one", async () => {
      assert.deepEqual(await requestsAfter("max-age=5", [0, 59_999, 60_000]), [1, 1, 2]);
      assert.deepEqual(await requestsAfter("no-store", [0, 59_999, 60_000]), [1, 1, 2]);
      const day = 86_400_000;
      assert.deepEqual(await requestsAfter("max-age=31536000", [0, day - 1, day]), [1, 1, 2]);
      assert.deepEqual(await requestsAfter(undefined, [0, 3_599_999, 3_600_000]), [1, 1, 2]);
      assert.deepEqual(
        await requestsAfter("max-age=31536000", [0, 599_999, 600_000], { maxCacheAgeMs: 600_000 }),
        [1, 1, 2],
      );
    });
  });

  describe("after a failure", () => {
    it("backs off (1 s, doubling) and says so, without a request meanwhile", async () => {
      let now = 0;
      const issuer = `${server.origin}/down`;
      const path = `/down${WELL_KNOWN}`;
      routes.set(path, (res) => res.writeHead(500).end());
      const remote = issuerAt(issuer, { clock: () => now });
      assert.equal((await rejection(remote.metadata())).reason, "fetch");
      assert.equal(hits.get(path), 1);
      now = 999;
      const waiting = await rejection(remote.metadata());
      assert.equal(waiting.code, "ERR_DISCOVERY_FAILED");
      assert.equal(waiting.reason, "fetch");
      assert.match(
        waiting.message,
        /Not fetched again for 1 s \(1 failed attempt in a row; retries back off up to 5 minutes\)/,
      );
      assert.equal(hits.get(path), 1);
      now = 1000;
      await rejection(remote.metadata());
      assert.equal(hits.get(path), 2);
      now = 2999;
      assert.match((await rejection(remote.metadata())).message, /2 failed attempts in a row/);
      assert.equal(hits.get(path), 2);
      now = 3000;
      serve("/down", documentFor(issuer));
      assert.equal((await remote.metadata()).issuer, issuer);
      assert.equal(hits.get(path), 3);
    });

    it("a wrong document backs off too, keeping its reason", async () => {
      let now = 0;
      const issuer = `${server.origin}/wrong`;
      const path = serve("/wrong", documentFor(`${server.origin}/other`));
      const remote = issuerAt(issuer, { clock: () => now });
      assert.equal((await rejection(remote.metadata())).reason, "issuer-mismatch");
      now = 500;
      assert.equal((await rejection(remote.metadata())).reason, "issuer-mismatch");
      assert.equal(hits.get(path), 1);
    });

    it("answers with the document last fetched while the issuer fails, up to maxCacheAgeMs", async () => {
      let now = 0;
      const issuer = `${server.origin}/flaky`;
      const path = serve("/flaky", documentFor(issuer), "max-age=60");
      const remote = issuerAt(issuer, { clock: () => now, maxCacheAgeMs: 3_600_000 });
      const first = await remote.metadata();
      routes.set(path, (res) => res.writeHead(503).end());
      now = 60_000;
      assert.equal(await remote.metadata(), first);
      assert.equal(hits.get(path), 2);
      // Backing off: the stale document answers without a request.
      now = 60_500;
      assert.equal(await remote.metadata(), first);
      assert.equal(hits.get(path), 2);
      now = 3_599_999;
      assert.equal(await remote.metadata(), first);
      assert.equal(hits.get(path), 3);
      // Older than maxCacheAgeMs: no longer trusted.
      now = 3_600_000;
      assert.equal((await rejection(remote.metadata())).reason, "fetch");
    });
  });
});
