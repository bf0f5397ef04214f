import { recipeShape } from "../../../recipes/shape.js";
import { streamUserToken } from "../../../recipes/stream.js";
import { recipeAction } from "../../recipe-action.js";

/** The stream-user-token recipe as a Bubble action; its server.js bundles this recipe alone. */
export const streamUserTokenAction = recipeAction(recipeShape(streamUserToken), { source: import.meta.url });
