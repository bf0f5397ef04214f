import { ghostAdmin } from "../../../recipes/ghost.js";
import { recipeShape } from "../../../recipes/shape.js";
import { recipeAction } from "../../recipe-action.js";

/** The ghost-admin recipe as a Bubble action; its server.js bundles this recipe alone. */
export const ghostAdminAction = recipeAction(recipeShape(ghostAdmin), { source: import.meta.url });
