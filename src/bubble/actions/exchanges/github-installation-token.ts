import { githubInstallationToken } from "../../../recipes/exchanges/github.js";
import { exchangeAction } from "../../exchange-action.js";

/** The github-installation-token exchange as a Bubble action; its server.js bundles this exchange alone. */
export const githubInstallationTokenAction = exchangeAction(githubInstallationToken, {
  source: import.meta.url,
});
