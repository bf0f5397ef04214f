import { muxPlayback } from "../../../recipes/mux.js";
import { recipeShape } from "../../../recipes/shape.js";
import { recipeAction } from "../../recipe-action.js";
import { MUX_PLAYBACK_IDS } from "./recipe-ids.js";

/** The mux-playback recipe as a Bubble action; its server.js bundles this recipe alone. */
export const muxPlaybackAction = recipeAction(recipeShape(muxPlayback), MUX_PLAYBACK_IDS, {
  source: import.meta.url,
});
