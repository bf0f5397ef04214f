import type { ActionDefinition } from "../types.js";
import { decodeJwtAction } from "./decode-jwt.js";
import { encodeJwtAction } from "./encode-jwt.js";
import { generateKeyAction } from "./generate-key.js";
import { verifyJwtAction } from "./verify-jwt.js";

/** Every action of the plugin, in the order the editor and the docs list them. */
export const ACTIONS: readonly ActionDefinition[] = [
  encodeJwtAction,
  decodeJwtAction,
  verifyJwtAction,
  generateKeyAction,
];
