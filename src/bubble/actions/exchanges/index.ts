import type { ActionDefinition } from "../../types.js";
import { docusignAccessTokenAction } from "./docusign-access-token.js";
import { githubInstallationTokenAction } from "./github-installation-token.js";
import { googleAccessTokenAction } from "./google-access-token.js";
import { salesforceAccessTokenAction } from "./salesforce-access-token.js";

/**
 * One server-side action per token exchange (src/recipes/exchanges), in the order of EXCHANGES. Each
 * module declares one action, so its server.js holds that exchange alone (and its own token cache);
 * the build gives it its IDs from the ledger (src/bubble/ids.json) by the exchange's id.
 */
export const EXCHANGE_ACTIONS: readonly ActionDefinition[] = [
  googleAccessTokenAction,
  docusignAccessTokenAction,
  salesforceAccessTokenAction,
  githubInstallationTokenAction,
];
