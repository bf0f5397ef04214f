import type { InputSpec } from "../../inputs/index.js";

/**
 * The "Service account JSON" input that Google's and Firebase's recipes share: the whole key file,
 * pasted or kept in a plugin key. Each recipe says where its console hands the file out.
 */
export function serviceAccountInput(
  fallbackKey: string,
  doc: string,
): InputSpec<"service_account_json", "secret"> & { readonly required: true } {
  return {
    name: "service_account_json",
    caption: "Service account JSON",
    type: "secret",
    required: true,
    multiline: true,
    fallbackKey,
    doc,
  };
}
