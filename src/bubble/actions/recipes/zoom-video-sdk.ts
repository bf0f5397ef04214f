import { recipeShape } from "../../../recipes/shape.js";
import { zoomVideoSdk } from "../../../recipes/zoom.js";
import { recipeAction } from "../../recipe-action.js";

/** The zoom-video-sdk recipe as a Bubble action; its server.js bundles this recipe alone. */
export const zoomVideoSdkAction = recipeAction(recipeShape(zoomVideoSdk), { source: import.meta.url });
