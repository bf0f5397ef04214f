import { salesforceAccessToken } from "../../../recipes/exchanges/salesforce.js";
import { exchangeAction } from "../../exchange-action.js";

/** The salesforce-access-token exchange as a Bubble action; its server.js bundles this exchange alone. */
export const salesforceAccessTokenAction = exchangeAction(salesforceAccessToken, { source: import.meta.url });
