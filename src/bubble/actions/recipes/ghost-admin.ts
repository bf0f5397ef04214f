import { ghostAdmin } from "../../../recipes/ghost.js";
import { recipeShape } from "../../../recipes/shape.js";
import { recipeAction } from "../../recipe-action.js";
import { GHOST_ADMIN_IDS } from "./recipe-ids.js";

/** The ghost-admin recipe as a Bubble action; its server.js bundles this recipe alone. */
export const ghostAdminAction = recipeAction(recipeShape(ghostAdmin), GHOST_ADMIN_IDS, {
  source: import.meta.url,
});
