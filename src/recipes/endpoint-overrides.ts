import { JwtError } from "../jwt/index.js";

/**
 * Reads endpoint overrides written as `NAME=URL` (a Bubble field's lines, the CLI's repeated
 * `--endpoint`): every name must be one of `table`'s (the action's own endpoints), every URL an
 * absolute https URL without credentials, each name at most once. Blank lines and lines starting with
 * `#` are skipped. A refusal is a JwtError ERR_OPTION_INVALID on `option` (default "endpoints"),
 * never quoting the value (it could hold a token in its query).
 */
export function parseEndpointOverrides(
  lines: readonly string[],
  table: Readonly<Record<string, string>>,
  option = "endpoints",
): Record<string, string> {
  const names = Object.keys(table);
  const read: Record<string, string> = {};
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const where = lines.length > 1 ? `line ${index + 1}` : "the value";
    const equals = line.indexOf("=");
    if (equals <= 0) {
      throw refuse(
        option,
        "invalid",
        `${where} is not NAME=URL`,
        `Write one override per line, e.g. ${names[0]}=https://...`,
      );
    }
    const name = line.slice(0, equals).trim();
    const value = line.slice(equals + 1).trim();
    if (!names.includes(name)) {
      const shown = /^[a-z0-9._-]{1,40}$/i.test(name) ? `"${name}"` : "its name";
      throw refuse(
        option,
        "unknown",
        `${where}: ${shown} is not an endpoint here`,
        `The endpoints are: ${names.join(", ")}.`,
      );
    }
    if (Object.hasOwn(read, name)) {
      throw refuse(option, "invalid", `${where}: ${name} is given twice`, "Give each endpoint once.");
    }
    let url: URL | undefined;
    try {
      url = new URL(value);
    } catch {
      url = undefined;
    }
    if (url === undefined || url.protocol !== "https:" || url.username !== "" || url.password !== "") {
      throw refuse(
        option,
        "invalid",
        `${where}: ${name} is not an absolute https URL without credentials`,
        "Tokens, assertions and keys are only fetched over https, e.g. https://login.example.com/...",
      );
    }
    read[name] = value;
  });
  return read;
}

function refuse(option: string, reason: "invalid" | "unknown", problem: string, fix: string): JwtError {
  return new JwtError("ERR_OPTION_INVALID", { option, reason, problem, fix });
}
