/**
 * The peer: generate_token written the usual way, with Express, express.json() and jsonwebtoken
 * signing with the secret as a string (what a Bubble plugin or a tutorial passes). Same contract as
 * the service: admin Bearer token, user_id and email required, Bubble's success body.
 */
import express from "express";
import jwt from "jsonwebtoken";

const secret = process.env.JWT_SECRET ?? "";
const adminToken = process.env.ADMIN_API_TOKEN ?? "";
const app = express();
app.use(express.json({ limit: "16kb" }));

app.post("/api/1.1/wf/generate_token", (req, res) => {
  if (req.headers.authorization !== `Bearer ${adminToken}`) {
    res.status(401).json({ statusCode: 401, body: { status: "UNAUTHORIZED", message: "admin only" } });
    return;
  }
  const { user_id, email } = req.body ?? {};
  for (const [name, value] of [
    ["user_id", user_id],
    ["email", email],
  ]) {
    if (!value) {
      res.status(400).json({
        statusCode: 400,
        body: {
          status: "MISSING_DATA",
          message: `Missing parameter for workflow generate_token: parameter ${name}`,
        },
      });
      return;
    }
  }
  const token = jwt.sign({ ...req.body, sub: String(user_id) }, secret, { expiresIn: 3600 });
  const expiresAt = (Math.floor(Date.now() / 1000) + 3600) * 1000;
  res.json({ status: "success", response: { token, expires_at: expiresAt, expires_in: 3600 } });
});

const server = app.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  process.stdout.write(`peer listening on http://127.0.0.1:${port}\n`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
