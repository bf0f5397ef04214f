import { salesforceAccessToken } from "../../../recipes/exchanges/salesforce.js";
import { exchangeAction } from "../../exchange-action.js";
import { SALESFORCE_ACCESS_TOKEN_IDS } from "../recipes/recipe-ids.js";

/** The salesforce-access-token exchange as a Bubble action; its server.js bundles this exchange alone. */
export const salesforceAccessTokenAction = exchangeAction(
  salesforceAccessToken,
  SALESFORCE_ACCESS_TOKEN_IDS,
  { source: import.meta.url },
);
