/**
 * Sign-in verification (issue 10): an ID token from Google, Apple, Firebase, Microsoft, Auth0, Cognito,
 * Clerk or Supabase, checked in a backend by its provider's rules (providers.md "Verifying sign-in ID
 * tokens"). `verifySignInToken(input)` reads the inputs and returns the outputs; `SIGN_IN_VERIFIER` is
 * the same as data, for the Bubble action "Verify sign-in token" and `bubble-jwt verify --provider`.
 */
import { defineOperation, type InputSpec, type OperationContext } from "../../inputs/index.js";
import { SIGN_IN_ENDPOINTS } from "./endpoints.js";
import { SIGN_IN_INPUTS, SIGN_IN_OUTPUTS } from "./inputs.js";
import { SIGN_IN_PROVIDERS } from "./providers.js";
import { SIGN_IN_REASON_CODES } from "./reasons.js";
import {
  runSignInVerification,
  type SignInInputValues,
  type SignInOutputs,
  type VerifySignInOptions,
} from "./verify.js";

export { checkSignInEndpoints, SIGN_IN_ENDPOINTS, type SignInEndpointName } from "./endpoints.js";
export {
  SIGN_IN_INPUTS,
  SIGN_IN_OUTPUTS,
  SIGN_IN_PROVIDER_IDS,
  type SignInInputName,
  type SignInOutputName,
  type SignInProviderId,
} from "./inputs.js";
export {
  createSignInKeySets,
  SignInKeySets,
  type SignInKeySetsOptions,
  sharedSignInKeySets,
} from "./key-sets.js";
export {
  MICROSOFT_CONSUMERS_TENANT,
  MICROSOFT_MULTI_TENANT,
  SIGN_IN_PROVIDERS,
  type SignInProvider,
} from "./providers.js";
export { SIGN_IN_REASON_CODES, type SignInReasonCode } from "./reasons.js";
export {
  runSignInVerification,
  SIGN_IN_CLOCK_TOLERANCE_SECONDS,
  type SignInInputValues,
  type SignInOutputs,
  type VerifySignInOptions,
  verifySignInToken,
} from "./verify.js";

/** What a layer's run passes: the clock, and optionally where the keys are (endpoints, a CA, a cache). */
export interface SignInRunContext extends VerifySignInOptions {
  readonly clock: NonNullable<VerifySignInOptions["clock"]>;
}

/**
 * "Verify sign-in token" as an operation: the Bubble action, `bubble-jwt verify --provider NAME`, the
 * HTTP route and the docs are made from `inputs` and `outputs`, and call `run` with values read by
 * `readInputs`. A refused token is `valid: false` with a `reason_code` (never thrown); a wrong input
 * throws a JwtError ERR_OPTION_INVALID naming it.
 */
export const SIGN_IN_VERIFIER = defineOperation({
  id: "verify-sign-in-token",
  kind: "sign-in",
  display: "Verify sign-in token",
  provider: "Any",
  summary:
    "Checks an ID token from Google, Apple, Firebase, Microsoft, Auth0, Cognito, Clerk or Supabase by the provider's rules, and gives the user's id and claims.",
  inputs: SIGN_IN_INPUTS,
  outputs: SIGN_IN_OUTPUTS,
  // A token of the right shape that verifies nowhere: the example shows the inputs, not a live session.
  example: {
    token:
      "eyJhbGciOiJSUzI1NiIsImtpZCI6ImV4YW1wbGUta2V5IiwidHlwIjoiSldUIn0.eyJpc3MiOiJodHRwczovL2FjY291bnRzLmdvb2dsZS5jb20iLCJhdWQiOiIxMjM0NTY3ODkwLWFiYy5hcHBzLmdvb2dsZXVzZXJjb250ZW50LmNvbSIsInN1YiI6IjExMDE2OTQ4NDQ3NDM4NjI3NjMzNCIsImVtYWlsIjoiYWRhQGV4YW1wbGUuY29tIiwiaWF0IjoxNzk2MTE5MjAwLCJleHAiOjE3OTYxMjI4MDB9.c2lnbmF0dXJlLW9mLWFuLWV4YW1wbGU",
    provider: "google",
    client_id: "1234567890-abc.apps.googleusercontent.com",
  },
  rules: [],
  source: import.meta.url,
  providers: SIGN_IN_PROVIDERS,
  endpoints: SIGN_IN_ENDPOINTS,
  reasonCodes: SIGN_IN_REASON_CODES,
  run(values: SignInInputValues, context: OperationContext): Promise<SignInOutputs> {
    return runSignInVerification(values, {
      clock: context.clock,
      ...(context.endpoints === undefined ? {} : { endpoints: context.endpoints }),
      ...(context.ca === undefined ? {} : { ca: context.ca }),
    });
  },
});

/** The inputs as a plain spec list (for code that takes `readonly InputSpec[]`). */
export const SIGN_IN_INPUT_SPECS: readonly InputSpec[] = SIGN_IN_INPUTS;
