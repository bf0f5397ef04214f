import { googleAccessToken } from "../../../recipes/exchanges/google.js";
import { exchangeAction } from "../../exchange-action.js";
import { GOOGLE_ACCESS_TOKEN_IDS } from "../recipes/recipe-ids.js";

/** The google-access-token exchange as a Bubble action; its server.js bundles this exchange alone. */
export const googleAccessTokenAction = exchangeAction(googleAccessToken, GOOGLE_ACCESS_TOKEN_IDS, {
  source: import.meta.url,
});
