import { docusignAccessToken } from "../../../recipes/exchanges/docusign.js";
import { exchangeAction } from "../../exchange-action.js";

/** The docusign-access-token exchange as a Bubble action; its server.js bundles this exchange alone. */
export const docusignAccessTokenAction = exchangeAction(docusignAccessToken, { source: import.meta.url });
