import { recipeShape } from "../../../recipes/shape.js";
import { zoomMeetingSdk } from "../../../recipes/zoom.js";
import { recipeAction } from "../../recipe-action.js";

/** The zoom-meeting-sdk recipe as a Bubble action; its server.js bundles this recipe alone. */
export const zoomMeetingSdkAction = recipeAction(recipeShape(zoomMeetingSdk), { source: import.meta.url });
