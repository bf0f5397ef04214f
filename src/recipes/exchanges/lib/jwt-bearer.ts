import type { ExchangeSite } from "../errors.js";
import { answerError, type ProviderErrorBody, type ProviderErrorRule, readSuccess } from "./answers.js";
import { type HttpsOptions, postHttps } from "./https-post.js";

/** RFC 7523's grant type, sent form-encoded as Google, DocuSign, Salesforce and Box document it. */
export const JWT_BEARER_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer";

export interface JwtBearerRequest {
  readonly url: URL;
  readonly assertion: string;
  readonly site: ExchangeSite;
  /** The provider's error table. */
  readonly rules: readonly ProviderErrorRule[];
  /** The member a success must carry (`access_token`, or `id_token` for Google's target_audience). */
  readonly tokenField: string;
  /** Outputs to attach to an error (DocuSign's consent URL). */
  readonly errorOutputs?: (body: ProviderErrorBody) => Record<string, string> | undefined;
  /** Form members sent after grant_type and assertion (Box's client_id and client_secret). */
  readonly fields?: Readonly<Record<string, string>>;
}

/**
 * The OAuth 2.0 JWT-bearer grant: POST `grant_type` and `assertion` as
 * application/x-www-form-urlencoded, and read the JSON answer; any other answer is an ExchangeError
 * from the provider's table.
 */
export async function jwtBearerGrant(
  request: JwtBearerRequest,
  options: HttpsOptions,
): Promise<{ body: Record<string, unknown>; date: number | undefined }> {
  const params = new URLSearchParams({ grant_type: JWT_BEARER_GRANT, assertion: request.assertion });
  for (const [name, value] of Object.entries(request.fields ?? {})) {
    if (!params.has(name)) params.append(name, value);
  }
  const form = params.toString();
  const answer = await postHttps(
    request.url,
    form,
    { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    options,
    request.site,
  );
  if (answer.status !== 200) throw answerError(answer, request.site, request.rules, request.errorOutputs);
  return { body: readSuccess(answer, request.site, request.tokenField), date: answer.date };
}
