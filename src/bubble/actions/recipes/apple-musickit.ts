import { appleMusicKit } from "../../../recipes/apple.js";
import { recipeShape } from "../../../recipes/shape.js";
import { recipeAction } from "../../recipe-action.js";

/** The apple-musickit recipe as a Bubble action; its server.js bundles this recipe alone. */
export const appleMusicKitAction = recipeAction(recipeShape(appleMusicKit), { source: import.meta.url });
