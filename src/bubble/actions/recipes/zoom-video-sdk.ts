import { recipeShape } from "../../../recipes/shape.js";
import { zoomVideoSdk } from "../../../recipes/zoom.js";
import { recipeAction } from "../../recipe-action.js";
import { ZOOM_VIDEO_SDK_IDS } from "./recipe-ids.js";

/** The zoom-video-sdk recipe as a Bubble action; its server.js bundles this recipe alone. */
export const zoomVideoSdkAction = recipeAction(recipeShape(zoomVideoSdk), ZOOM_VIDEO_SDK_IDS, {
  source: import.meta.url,
});
