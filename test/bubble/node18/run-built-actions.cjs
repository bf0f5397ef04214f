// Runs the built plugin's actions the way Bubble does (each server.js evaluated as a bare function
// expression), in whatever Node.js runs this file; the Node 18 test starts it with Node 18.
// Prints one JSON object with what each step returned.
const { readdirSync, readFileSync } = require("node:fs");
const { join } = require("node:path");

const pluginDir = process.argv[2];

function loadActions() {
  const actions = {};
  for (const folder of readdirSync(join(pluginDir, "actions"))) {
    const params = JSON.parse(readFileSync(join(pluginDir, "actions", folder, "params.json"), "utf8"));
    const code = readFileSync(join(pluginDir, "actions", folder, "server.js"), "utf8");
    actions[params.display] = new Function("require", `return (${code}\n);`)(require);
  }
  return actions;
}

async function main() {
  const actions = loadActions();
  const context = (keys) => ({ keys, currentUser: null, userTimezone: "UTC" });
  const secret = await actions["Generate secret or key pair"]({ algorithm: "HS256" }, context({}));
  const encoded = await actions["Encode JWT"](
    {
      json_data: '{"user_id": "42", "email": "ada@example.com", "issued_at": "1732838400000"}',
      expiration: 60,
    },
    context({ JWT_SECRET: secret.secret }),
  );
  const verified = await actions["Verify JWT"](
    { token: encoded.token },
    context({ JWT_SECRET: secret.secret }),
  );
  const decoded = await actions["Decode JWT"]({ token: encoded.token }, context({}));
  const pair = await actions["Generate secret or key pair"]({ algorithm: "ES256" }, context({}));
  const signed = await actions["Encode JWT"](
    { json_data: '{"user_id": "7"}', algorithm: "ES256", private_key: pair.private_key_pem },
    context({}),
  );
  const checked = await actions["Verify JWT"]({ token: signed.token, public_key: pair.jwks }, context({}));
  const empty = await actions["Encode JWT"]({ json_data: "" }, context({ JWT_SECRET: secret.secret }));
  process.stdout.write(
    JSON.stringify({ node: process.version, secret, encoded, verified, decoded, signed, checked, empty }),
  );
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? String(error)}\n`);
  process.exit(1);
});
