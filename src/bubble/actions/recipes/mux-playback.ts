import { muxPlayback } from "../../../recipes/mux.js";
import { recipeShape } from "../../../recipes/shape.js";
import { recipeAction } from "../../recipe-action.js";

/** The mux-playback recipe as a Bubble action; its server.js bundles this recipe alone. */
export const muxPlaybackAction = recipeAction(recipeShape(muxPlayback), { source: import.meta.url });
