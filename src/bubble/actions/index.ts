import type { ActionDefinition } from "../types.js";
import { decodeJwtAction } from "./decode-jwt.js";
import { encodeJwtAction } from "./encode-jwt.js";
import { EXCHANGE_ACTIONS } from "./exchanges/index.js";
import { generateKeyAction } from "./generate-key.js";
import { RECIPE_ACTIONS } from "./recipes/index.js";
import { verifyJwtAction } from "./verify-jwt.js";
import { verifySignInTokenAction } from "./verify-sign-in-token.js";

/**
 * The registry: every action of the plugin, in the order the editor and the docs list them. The
 * build bundles each from this list (by its key), the runtime and the docs' tables read it, and the
 * tests walk it. A new action is one more entry here; the build gives it and its fields their Bubble
 * IDs from the ledger (src/bubble/ids.json). The provider recipes' actions follow the four originals
 * (./recipes/), then the token exchanges (./exchanges/) and Verify sign-in token.
 */
export const ACTIONS: readonly ActionDefinition[] = [
  encodeJwtAction,
  decodeJwtAction,
  verifyJwtAction,
  generateKeyAction,
  ...RECIPE_ACTIONS,
  ...EXCHANGE_ACTIONS,
  verifySignInTokenAction,
];
