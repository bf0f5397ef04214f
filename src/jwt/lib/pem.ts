/**
 * Reads PEM text the way people paste it from a provider's console or an environment variable:
 * literal "\n" sequences, CR LF, indentation, stray spaces, everything on one line, surrounding
 * quotes, or the whole PEM base64-encoded once more. Returns clean, re-wrapped PEM blocks.
 */
export interface PemBlock {
  /** The label between BEGIN and END, e.g. `PRIVATE KEY`, `RSA PUBLIC KEY`, `CERTIFICATE`. */
  readonly label: string;
  /** The block as standard PEM (64-character lines, LF). */
  readonly pem: string;
}

const BLOCK =
  /-{5}\s*BEGIN\s+([A-Z0-9][A-Z0-9 ]*?)\s*-{5}([\s\S]*?)-{5}\s*END\s+([A-Z0-9][A-Z0-9 ]*?)\s*-{5}/g;
const BASE64_BODY = /^[A-Za-z0-9+/]+={0,2}$/;

/** True when the text holds something that looks like a PEM armour line. */
export function containsPemMarker(text: string): boolean {
  return /-{3,}\s*BEGIN\s/i.test(text);
}

/** Undoes the usual ways a pasted key gets wrapped: quotes, escaped newlines, base64 around it. */
export function unwrapPastedText(input: string): string {
  let text = input.trim();
  for (let i = 0; i < 3; i++) {
    const quote = text[0];
    if ((quote === '"' || quote === "'" || quote === "`") && text.length > 1 && text.endsWith(quote)) {
      text = text.slice(1, -1).trim();
    } else break;
  }
  text = text.replace(/\\r\\n|\\n|\\r/g, "\n").replace(/\r\n?/g, "\n");
  if (!containsPemMarker(text)) {
    const compact = text.replace(/\s+/g, "");
    if (compact.length >= 40 && /^[A-Za-z0-9+/_-]+={0,2}$/.test(compact)) {
      const decoded = Buffer.from(
        compact,
        compact.includes("-") || compact.includes("_") ? "base64url" : "base64",
      ).toString("utf8");
      if (containsPemMarker(decoded)) return unwrapPastedText(decoded);
    }
  }
  return text;
}

/** Every PEM block in the text, cleaned; an empty list when there is none. */
export function readPemBlocks(input: string): PemBlock[] {
  const text = unwrapPastedText(input);
  const blocks: PemBlock[] = [];
  for (const match of text.matchAll(BLOCK)) {
    const label = (match[1] ?? "").replace(/\s+/g, " ");
    const endLabel = (match[3] ?? "").replace(/\s+/g, " ");
    if (label !== endLabel) continue;
    const rawBody = match[2] ?? "";
    // Legacy encrypted PEM carries "Proc-Type:" headers; those are kept as they are.
    if (rawBody.includes(":")) {
      blocks.push({ label, pem: `-----BEGIN ${label}-----${rawBody}-----END ${label}-----\n` });
      continue;
    }
    const body = rawBody.replace(/\s+/g, "");
    if (!BASE64_BODY.test(body)) continue;
    const lines = body.match(/.{1,64}/g) ?? [];
    blocks.push({ label, pem: `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n` });
  }
  return blocks;
}
