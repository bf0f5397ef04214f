import type { IncomingHttpHeaders } from "node:http";
import { request } from "node:https";
import { ExchangeError, type ExchangeSite } from "../errors.js";

/** How a request to a provider is made: bounded in time and size, over https only. */
export interface HttpsOptions {
  /** The whole request (connect, TLS, headers, body) must finish within this (default 10000 ms). */
  readonly timeoutMs?: number;
  /** Larger answers are refused (default 1 MiB; a token answer is a few kilobytes). */
  readonly maxBytes?: number;
  /** Extra trusted certificate authority (PEM), for a private deployment or a test server. */
  readonly ca?: string | Buffer;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_BYTES = 1024 * 1024;

/** What the provider answered: any status (the caller maps it), the headers and the body as text. */
export interface HttpsAnswer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** The answer's Date header in ms since 1970, when present and readable. */
  readonly date: number | undefined;
}

/**
 * POSTs `body` to an https URL; redirects are not followed (a 3xx is an answer like any other), the
 * answer is refused above `maxBytes`, and the whole exchange must end within `timeoutMs`. Network
 * failures, the time-out and the size cap are ExchangeErrors; the URL's path and query are never
 * quoted (only its host).
 */
export function postHttps(
  url: URL,
  body: string,
  headers: Readonly<Record<string, string>>,
  options: HttpsOptions,
  site: ExchangeSite,
): Promise<HttpsAnswer> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const where = `${site.provider} (${url.host})`;
  return new Promise<HttpsAnswer>((resolve, reject) => {
    let settled = false;
    const fail = (error: ExchangeError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      reject(error);
    };
    const req = request(url, {
      method: "POST",
      headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
      ...(options.ca === undefined ? {} : { ca: options.ca }),
    });
    const timer = setTimeout(() => {
      fail(
        new ExchangeError("ERR_EXCHANGE_TIMEOUT", `${where} did not answer within ${timeoutMs} ms.`, {
          ...site,
          check: "Try again later; if it lasts, check that this server can reach the provider.",
        }),
      );
    }, timeoutMs);
    req.on("error", (error: NodeJS.ErrnoException) => {
      fail(
        new ExchangeError(
          "ERR_EXCHANGE_NETWORK",
          `${where} cannot be reached (${error.code ?? "network error"}).`,
          { ...site, check: "Check the endpoint address, the network, and for a private CA the ca option." },
        ),
      );
    });
    req.on("response", (res) => {
      const status = res.statusCode ?? 0;
      const tooLarge = (size: string) =>
        new ExchangeError(
          "ERR_EXCHANGE_RESPONSE_TOO_LARGE",
          `${where} sent ${size} bytes; answers are refused above ${maxBytes} bytes.`,
          { ...site, status, check: "Check that the endpoint is the provider's token endpoint." },
        );
      const declared = Number(res.headers["content-length"] ?? 0);
      if (declared > maxBytes) {
        fail(tooLarge(String(declared)));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) fail(tooLarge(`more than ${maxBytes}`));
        else chunks.push(chunk);
      });
      res.on("error", () => {
        fail(
          new ExchangeError("ERR_EXCHANGE_NETWORK", `${where} broke off while answering.`, {
            ...site,
            status,
            check: "Try again.",
          }),
        );
      });
      res.on("end", () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        const date = Date.parse(String(res.headers.date ?? ""));
        resolve({
          status,
          headers: res.headers,
          body: Buffer.concat(chunks).toString("utf8"),
          date: Number.isFinite(date) ? date : undefined,
        });
      });
    });
    req.end(body);
  });
}
