import { googleAccessToken } from "../../../recipes/exchanges/google.js";
import { exchangeAction } from "../../exchange-action.js";

/** The google-access-token exchange as a Bubble action; its server.js bundles this exchange alone. */
export const googleAccessTokenAction = exchangeAction(googleAccessToken, { source: import.meta.url });
