import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface TestHttpsServer {
  /** https://127.0.0.1:<port> */
  origin: string;
  /** The self-signed certificate (PEM), to trust it as a CA. */
  cert: string;
  /** Requests received so far. */
  requests: () => number;
  setHandler: (handler: Handler) => void;
  close: () => Promise<void>;
}

/** A real HTTPS server on 127.0.0.1 with a certificate made now by the openssl command line. */
export async function startHttpsServer(handler: Handler): Promise<TestHttpsServer> {
  const dir = mkdtempSync(join(tmpdir(), "bubble-jwt-tls-"));
  try {
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-keyout",
        join(dir, "key.pem"),
        "-out",
        join(dir, "cert.pem"),
        "-days",
        "1",
        "-subj",
        "/CN=127.0.0.1",
        "-addext",
        "subjectAltName=IP:127.0.0.1",
      ],
      { stdio: "ignore" },
    );
    const key = readFileSync(join(dir, "key.pem"), "utf8");
    const cert = readFileSync(join(dir, "cert.pem"), "utf8");
    let current = handler;
    let count = 0;
    const server: Server = createServer({ key, cert }, (req, res) => {
      count++;
      current(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return {
      origin: `https://127.0.0.1:${port}`,
      cert,
      requests: () => count,
      setHandler: (next) => {
        current = next;
      },
      close: () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Answers with this JSON. */
export function sendJson(body: unknown): Handler {
  return (_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };
}
