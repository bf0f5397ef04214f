import type { ActionDefinition } from "../types.js";
import { decodeJwtAction } from "./decode-jwt.js";
import { encodeJwtAction } from "./encode-jwt.js";
import { generateKeyAction } from "./generate-key.js";
import { verifyJwtAction } from "./verify-jwt.js";

/**
 * The registry: every action of the plugin, in the order the editor and the docs list them. The
 * build bundles each from this list (by ID), the runtime and the docs' tables read it, and the tests
 * walk it. A new action (a provider recipe, say) is one more entry here.
 */
export const ACTIONS: readonly ActionDefinition[] = [
  encodeJwtAction,
  decodeJwtAction,
  verifyJwtAction,
  generateKeyAction,
];
