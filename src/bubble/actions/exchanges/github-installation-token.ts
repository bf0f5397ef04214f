import { githubInstallationToken } from "../../../recipes/exchanges/github.js";
import { exchangeAction } from "../../exchange-action.js";
import { GITHUB_INSTALLATION_TOKEN_IDS } from "../recipes/recipe-ids.js";

/** The github-installation-token exchange as a Bubble action; its server.js bundles this exchange alone. */
export const githubInstallationTokenAction = exchangeAction(
  githubInstallationToken,
  GITHUB_INSTALLATION_TOKEN_IDS,
  { source: import.meta.url },
);
