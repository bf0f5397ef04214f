import { request } from "node:https";
import { JwtError } from "../errors.js";

/** How a key document is fetched: bounded in time and size, never redirected. */
export interface HttpsGetOptions {
  timeoutMs: number;
  maxBytes: number;
  ca?: string | Buffer | undefined;
  /** The `accept` header. */
  accept: string;
  /** How messages name the URL and the document: "The JWKS URL", "a key set". */
  where: string;
  what: string;
}

/** A 200 answer's body and the caching facts of its headers. */
export interface HttpsGetResult {
  text: string;
  /** The `Cache-Control` header, when the server sent one. */
  cacheControl: string | undefined;
}

/** GETs one https URL; every failure is ERR_JWKS_FETCH_FAILED with a message saying what to check. */
export function httpsGet(target: URL, options: HttpsGetOptions): Promise<HttpsGetResult> {
  const { timeoutMs, maxBytes, where, what } = options;
  return new Promise<HttpsGetResult>((resolve, reject) => {
    const fail = (message: string) => {
      clearTimeout(timer);
      req.destroy();
      reject(new JwtError("ERR_JWKS_FETCH_FAILED", `${where} (${target.host}) ${message}`));
    };
    const req = request(target, {
      method: "GET",
      headers: { accept: options.accept },
      ...(options.ca === undefined ? {} : { ca: options.ca }),
    });
    const timer = setTimeout(() => fail(`did not answer within ${timeoutMs} ms.`), timeoutMs);
    req.on("error", (error: NodeJS.ErrnoException) => {
      fail(`cannot be reached (${error.code ?? "network error"}). Check the address and that it is public.`);
    });
    req.on("response", (res) => {
      const status = res.statusCode ?? 0;
      if (status !== 200) {
        const redirect =
          status >= 300 && status < 400 ? " (redirects are not followed: use the final URL)" : "";
        res.resume();
        fail(`answered HTTP ${status}${redirect}; expected 200 with ${what}.`);
        return;
      }
      const declared = Number(res.headers["content-length"] ?? 0);
      if (declared > maxBytes) {
        fail(`sent ${declared} bytes; ${what} is refused above ${maxBytes} bytes.`);
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) fail(`sent more than ${maxBytes} bytes; ${what} is refused above that.`);
        else chunks.push(chunk);
      });
      res.on("error", () => fail(`broke off while sending ${what}.`));
      res.on("end", () => {
        clearTimeout(timer);
        if (size > maxBytes) return;
        const header = res.headers["cache-control"];
        resolve({ text: Buffer.concat(chunks).toString("utf8"), cacheControl: header });
      });
    });
    req.end();
  });
}

/**
 * How long a response may be kept by its `Cache-Control` header, in milliseconds: `max-age`, 0 for
 * `no-store` or `no-cache`, undefined when the header says nothing about it (`s-maxage` is for shared
 * caches; a verifier's cache is private).
 */
export function cacheControlMaxAgeMs(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  let maxAge: number | undefined;
  for (const directive of header.toLowerCase().split(",")) {
    const [name = "", value = ""] = directive.trim().split("=", 2);
    if (name === "no-store" || name === "no-cache") return 0;
    if (name === "max-age" && /^"?\d+"?$/.test(value)) {
      maxAge = Number(value.replace(/"/g, "")) * 1000;
    }
  }
  return maxAge;
}
