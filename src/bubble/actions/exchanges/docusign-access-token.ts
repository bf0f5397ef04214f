import { docusignAccessToken } from "../../../recipes/exchanges/docusign.js";
import { exchangeAction } from "../../exchange-action.js";
import { DOCUSIGN_ACCESS_TOKEN_IDS } from "../recipes/recipe-ids.js";

/** The docusign-access-token exchange as a Bubble action; its server.js bundles this exchange alone. */
export const docusignAccessTokenAction = exchangeAction(docusignAccessToken, DOCUSIGN_ACCESS_TOKEN_IDS, {
  source: import.meta.url,
});
