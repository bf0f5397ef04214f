import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  actionFolder,
  evaluateServerJs,
  folderSuffix,
  identifyPlugin,
  loadAction,
  SHARED_KEYS,
} from "../../src/bubble/index.js";
import { OPERATIONS, RECIPES } from "../../src/recipes/index.js";
import { type BuiltTestPlugin, buildTestPlugin, SECRET } from "./helpers/plugin.js";
import { recipeCases } from "./helpers/recipe-cases.js";

// The registry's actions and keys with their IDs from the committed ledger (src/bubble/ids.json).
const { actions: ACTIONS, keys: KEYS } = identifyPlugin({ check: true });

let plugin: BuiltTestPlugin;
before(async () => {
  plugin = await buildTestPlugin();
});
after(() => plugin.remove());

const read = (file: string) => readFileSync(join(plugin.dir, file), "utf8");
const readJson = (file: string) => JSON.parse(read(file));

describe("the GitHub-sync layout", () => {
  it("has the reference's folder suffixes", () => {
    assert.deepEqual(["AAC", "AEK", "ABB", "AAb"].map(folderSuffix), ["850m6", "852mp", "85144", "850p4"]);
  });

  it("writes README.md, meta_data.json, shared_tech_params.json and actions/<ID>-<suffix>/{params.json,server.js}", () => {
    const folders = readdirSync(join(plugin.dir, "actions")).sort();
    assert.deepEqual(folders, ACTIONS.map((action) => actionFolder(action.id).slice(8)).sort());
    for (const folder of folders) {
      const [id, suffix] = folder.split("-");
      assert.equal(suffix, folderSuffix(id as string));
      assert.deepEqual(readdirSync(join(plugin.dir, "actions", folder)).sort(), ["params.json", "server.js"]);
    }
    assert.ok(read("README.md").includes("do not edit"));
  });

  it("writes JSON as Bubble does: sorted keys, 4-space indentation, no trailing newline", () => {
    const files = [
      "meta_data.json",
      "shared_tech_params.json",
      ...ACTIONS.map((a) => `${actionFolder(a.id)}/params.json`),
    ];
    for (const file of files) {
      const text = read(file);
      assert.ok(!text.endsWith("\n"), `${file} ends with a newline`);
      assert.match(text, /^\{\n {4}"/);
      const sortedAgain = (value: unknown): unknown =>
        value !== null && typeof value === "object" && !Array.isArray(value)
          ? Object.fromEntries(
              Object.keys(value)
                .sort()
                .map((k) => [k, sortedAgain((value as Record<string, unknown>)[k])]),
            )
          : value;
      assert.equal(text, JSON.stringify(sortedAgain(JSON.parse(text)), null, 4), file);
    }
  });

  it("declares Plugin API v4, the three JWT keys and every operation secret's fallback key, all secure", () => {
    const shared = readJson("shared_tech_params.json");
    assert.equal(shared.dependencies.plugin_api_version, "4");
    const keys = Object.values(shared.shared_keys) as { caption: string; type: string }[];
    const fallbacks = OPERATIONS.flatMap((recipe) =>
      recipe.inputs.flatMap((input) => (input.fallbackKey === undefined ? [] : [input.fallbackKey])),
    );
    assert.deepEqual(
      keys.map((key) => key.caption).sort(),
      [...new Set(["JWT_PRIVATE_KEY", "JWT_SECRET", "JWT_SECRET_PREVIOUS", ...fallbacks])].sort(),
    );
    assert.ok(keys.every((key) => key.type === "secure"));
    assert.equal(SHARED_KEYS.length, 3);
  });

  it("writes meta_data.json as real synchronised plugins do: open_source, data_tracked false, no empty link", () => {
    const meta = readJson("meta_data.json");
    assert.equal(meta.license, "open_source");
    assert.equal(meta.data_tracked, false);
    assert.ok(!("link" in meta));
    assert.deepEqual(Object.keys(meta).sort(), [
      "categories",
      "data_tracked",
      "demo_page",
      "description",
      "image",
      "license",
      "name",
      "plugin_instructions",
      "sa_node_version",
    ]);
  });

  it("writes every Checkbox with exactly caption, default_val, doc, editor, name, rank", () => {
    let seen = 0;
    for (const action of ACTIONS) {
      const params = readJson(`${actionFolder(action.id)}/params.json`);
      for (const field of Object.values(params.fields) as Record<string, unknown>[]) {
        if (field.editor !== "Checkbox") continue;
        seen++;
        assert.deepEqual(Object.keys(field).sort(), [
          "caption",
          "default_val",
          "doc",
          "editor",
          "name",
          "rank",
        ]);
        assert.equal(typeof field.default_val, "boolean");
      }
      for (const item of Object.values(params.return_value) as Record<string, unknown>[]) {
        assert.deepEqual(Object.keys(item).sort(), ["caption", "name", "rank", "value"]);
      }
    }
    assert.ok(seen >= ACTIONS.length, "every action has at least its Stop the workflow on error checkbox");
  });

  it("writes plugin instructions that follow the seed's steps with this plugin's fields", () => {
    const meta = readJson("meta_data.json");
    assert.equal(typeof meta.sa_node_version, "number");
    const text = meta.plugin_instructions as string;
    for (const step of [
      "generate_token",
      "json data",
      "Expiration: 60",
      "JWT_SECRET",
      "Return data from API",
      "payload is required",
      "JWT_SECRET_PREVIOUS",
    ]) {
      assert.ok(text.includes(step), `instructions mention ${step}`);
    }
  });

  it("gives every action, field, return value and key a unique letter-code ID", () => {
    const ids = [
      ...KEYS.map((key) => key.id),
      ...ACTIONS.flatMap((action) => [
        action.id,
        ...action.fields.map((f) => f.id),
        ...action.returns.map((r) => r.id),
      ]),
    ];
    assert.ok(
      ids.every((id) => /^[A-Za-z]{3}$/.test(id)),
      "IDs are three letters",
    );
    assert.equal(new Set(ids).size, ids.length);
  });

  it("writes params.json from the definitions: server side, no packages, every field and return value", () => {
    for (const action of ACTIONS) {
      const params = readJson(`${actionFolder(action.id)}/params.json`);
      assert.equal(params.display, action.display);
      assert.equal(params.type, "server_side");
      assert.equal(params.use_packages, false);
      assert.equal(params.category, "plugins");
      assert.deepEqual(Object.keys(params.fields).sort(), action.fields.map((f) => f.id).sort());
      for (const field of action.fields) {
        const written = params.fields[field.id];
        assert.equal(written.name, field.name);
        assert.equal(written.caption, field.caption);
        if (field.editor === "Checkbox") assert.equal(written.value, undefined);
        else assert.equal(written.value, field.type);
        if (field.editor === "Dropdown") assert.equal(written.options, field.options?.join(","));
      }
      assert.deepEqual(
        Object.values(params.return_value)
          .map((r) => (r as { name: string }).name)
          .sort(),
        action.returns.map((r) => r.name).sort(),
      );
    }
  });

  it("uses the seed's captions for Encode JWT", () => {
    const encode = ACTIONS.find((action) => action.display === "Encode JWT");
    const captions = encode?.fields.map((field) => `${field.caption}=${field.name}`);
    for (const expected of ["json data=json_data", "Secret=secret", "Expiration=expiration"]) {
      assert.ok(captions?.includes(expected), expected);
    }
  });
});

describe("server.js", () => {
  it("is one bare async function expression marked as generated", () => {
    for (const action of ACTIONS) {
      const code = read(`${actionFolder(action.id)}/server.js`);
      assert.match(code, /^async function\(properties, context\) \{\n/);
      assert.ok(code.endsWith("\n}"));
      assert.match(code.split("\n")[1] as string, /Generated by bubble-jwt .* do not edit/);
      assert.equal(typeof evaluateServerJs(code), "function");
    }
  });

  it("requires nothing but Node.js built-ins, by bare name as real plugins do", async () => {
    for (const action of ACTIONS) {
      const code = read(`${actionFolder(action.id)}/server.js`);
      const required: string[] = [];
      const fn = new Function("require", `return (${code}\n);`)((name: string) => {
        required.push(name);
        return process.getBuiltinModule(name);
      });
      // A fresh cache key, so this evaluation loads its modules through this require.
      await fn.call(undefined, {}, { keys: { JWT_SECRET: SECRET } });
      assert.ok(required.includes("crypto"), `${action.display} loads crypto through require`);
      for (const name of required) {
        assert.ok(builtinModules.includes(name), `${action.display} requires ${name}`);
      }
    }
  });

  it('never writes the "node:" prefix in any server.js', () => {
    const folders = readdirSync(join(plugin.dir, "actions"));
    assert.equal(folders.length, ACTIONS.length);
    for (const folder of folders) {
      const code = read(`actions/${folder}/server.js`);
      assert.doesNotMatch(code, /["'`]node:/, folder);
      // esbuild calls require through a minified shim: `x("crypto")`.
      assert.match(code, /\w\("crypto"\)/, folder);
    }
  });

  it("uses no JavaScript or Node.js API newer than Node 18 in the bundled code", () => {
    const newer = [
      /\.toSorted\(/,
      /\.toReversed\(/,
      /\.toSpliced\(/,
      /Object\.groupBy/,
      /Map\.groupBy/,
      /Promise\.withResolvers/,
      /Array\.fromAsync/,
      /\.isWellFormed\(/,
      /\.toWellFormed\(/,
      /\.transferToFixedLength\(/,
      /\.symmetricDifference\(/,
      /\.isSubsetOf\(/,
      /import\.meta/,
      /AbortSignal\.any/,
      /URL\.canParse/,
      /\.getBuiltinModule\(/,
      /crypto\.hash\(/,
      /Iterator\.from/,
    ];
    for (const action of ACTIONS) {
      const code = read(`${actionFolder(action.id)}/server.js`);
      // The wrapper may fall back to process.getBuiltinModule where `require` is missing; the bundle may not.
      const bundle = code.split("\n").slice(8, -6).join("\n");
      for (const pattern of newer) assert.doesNotMatch(bundle, pattern, `${action.display}: ${pattern}`);
    }
  });

  it("is deterministic: a second build gives the same bytes", async () => {
    const again = await buildTestPlugin();
    try {
      const files = ["README.md", "meta_data.json", "shared_tech_params.json"].concat(
        ACTIONS.flatMap((a) => [`${actionFolder(a.id)}/params.json`, `${actionFolder(a.id)}/server.js`]),
      );
      for (const file of files) {
        assert.equal(readFileSync(join(again.dir, file), "utf8"), read(file), file);
      }
    } finally {
      again.remove();
    }
  });
});

describe("field names", () => {
  const fullInputs: Record<string, Record<string, unknown>> = {
    "Encode JWT": {
      json_data: '{"user_id": "42"}',
      secret: SECRET,
      expiration: 60,
      algorithm: "HS256",
      private_key: "",
      secret_encoding: "text",
      key_id: "k1",
      issuer: "iss",
      subject: "sub",
      audience: "aud",
      not_before_minutes: 0,
      add_jti: true,
      extra_header: '{"cty": "x"}',
      allow_short_secret: false,
      stop_on_error: false,
    },
    "Decode JWT": { token: "a.b.c", stop_on_error: false },
    "Verify JWT": {
      token: "a.b.c",
      secret: SECRET,
      previous_secret: `${SECRET}-old`,
      public_key: "",
      jwks_url: "",
      allowed_algorithms: "HS256",
      expected_issuer: "i",
      expected_audience: "a",
      expected_subject: "s",
      clock_tolerance: 5,
      secret_encoding: "text",
      stop_on_error: false,
    },
    "Generate secret or key pair": { algorithm: "HS256", stop_on_error: false },
    ...Object.fromEntries(
      recipeCases().map((each, index) => [
        RECIPES[index]?.display,
        { ...each.fields, ...each.secrets, stop_on_error: false },
      ]),
    ),
    // Every field given (wrong keys and ids: refused before any request, so nothing leaves the machine).
    "Google: access token": {
      service_account_json: "x",
      scopes: "a",
      subject: "",
      target_audience: "",
      endpoints: "google.token=https://127.0.0.1:9/token",
      ca_certificate: "",
      stop_on_error: false,
    },
    "DocuSign: access token": {
      integration_key: "x",
      user_id: "y",
      private_key: "z",
      environment: "demo",
      scopes: "signature impersonation",
      redirect_uri: "",
      endpoints: "",
      ca_certificate: "",
      stop_on_error: false,
    },
    "Salesforce: access token": {
      consumer_key: "x",
      username: "y",
      private_key: "z",
      login_url: "https://login.salesforce.com",
      endpoints: "",
      ca_certificate: "",
      stop_on_error: false,
    },
    "GitHub: installation token": {
      app_id: "x",
      private_key: "y",
      installation_id: "z",
      repositories: "a",
      permissions_json: "",
      endpoints: "",
      ca_certificate: "",
      stop_on_error: false,
    },
    "Box: access token": {
      config_json: "x",
      subject_type: "enterprise",
      user_id: "",
      algorithm: "RS256",
      endpoints: "",
      ca_certificate: "",
      stop_on_error: false,
    },
    "OAuth: client credentials token": {
      preset: "okta",
      token_url: "https://example.okta.com/oauth2/default/v1/token",
      issuer: "",
      client_id: "c",
      scope: "a",
      audience: "",
      resource: "",
      auth_method: "private_key_jwt",
      private_key: "",
      client_secret: "",
      certificate: "",
      algorithm: "",
      key_id: "",
      entra_legacy_thumbprint: false,
      assertion_audience: "",
      endpoints: "",
      ca_certificate: "",
      stop_on_error: false,
    },
    "Verify sign-in token": {
      token: "a.b.c",
      provider: "google",
      client_id: "c",
      project_id: "",
      tenant: "",
      domain: "",
      region: "",
      user_pool_id: "",
      token_use: "",
      frontend_api: "",
      authorized_parties: "",
      project_ref: "",
      nonce: "",
      hosted_domain: "",
      endpoints: "",
      ca_certificate: "",
      stop_on_error: false,
    },
    "Apple: verify App Store notification": {
      signed_payload: "a.b.c",
      bundle_id: "com.example.app",
      environment: "Sandbox",
      app_apple_id: "",
      ca_certificate: "",
      stop_on_error: false,
    },
    "Google: verify Pub/Sub push": {
      token: "a.b.c",
      audience: "https://example.com/push",
      service_account_email: "push@p.iam.gserviceaccount.com",
      endpoints: "",
      ca_certificate: "",
      stop_on_error: false,
    },
    "Shopify: verify session token": {
      token: "a.b.c",
      api_key: "k",
      api_secret: SECRET,
      stop_on_error: false,
    },
    "Decrypt JWT (JWE)": {
      token: "a.b.c.d.e",
      key: Buffer.alloc(32, 3).toString("base64url"),
      key_encoding: "base64url",
      algorithm: "dir",
      encryption: "A256GCM",
      issuer: "i",
      audience: "a",
      stop_on_error: false,
    },
  };

  it("every params.json field name is one that run reads, and run reads no other", async () => {
    for (const action of ACTIONS) {
      const loaded = await loadAction(plugin.dir, action.id);
      const declared = Object.values(loaded.params.fields)
        .map((field) => field.name)
        .sort();
      const readNames = new Set<string>();
      const input = fullInputs[action.display] ?? {};
      const properties = new Proxy(input, {
        get(target, name) {
          if (typeof name === "string") readNames.add(name);
          return target[name as string];
        },
      });
      await loaded.run(properties, { keys: {} });
      assert.deepEqual([...readNames].sort(), declared, action.display);
    }
  });
});
