import { OPERATIONS } from "../../recipes/registry.js";
import { operationAction } from "../operation-action.js";
import type { ActionDefinition } from "../types.js";
import { decodeJwtAction } from "./decode-jwt.js";
import { encodeJwtAction } from "./encode-jwt.js";
import { generateKeyAction } from "./generate-key.js";
import { verifyJwtAction } from "./verify-jwt.js";

/**
 * The registry: every action of the plugin, in the order the editor and the docs list them. The
 * build bundles each from this list (by its key), the runtime and the docs' tables read it, and the
 * tests walk it. A new action is one more entry here; the build gives it and its fields their Bubble
 * IDs from the ledger (src/bubble/ids.json). The four originals come first, then one action per
 * operation of the provider registry (src/recipes/registry.ts), in its order: nothing here names a
 * provider.
 */
export const ACTIONS: readonly ActionDefinition[] = [
  encodeJwtAction,
  decodeJwtAction,
  verifyJwtAction,
  generateKeyAction,
  ...OPERATIONS.map(operationAction),
];
