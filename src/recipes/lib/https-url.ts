/**
 * `text` as a URL when it is an absolute https URL without credentials, query or fragment (a token
 * endpoint, a login URL, an audience); undefined otherwise, for the caller to refuse in its own words.
 */
export function plainHttpsUrl(text: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  const plain =
    url.protocol === "https:" &&
    url.username === "" &&
    url.password === "" &&
    url.search === "" &&
    url.hash === "" &&
    !text.includes("?") &&
    !text.includes("#");
  return plain ? url : undefined;
}
