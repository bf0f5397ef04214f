import { coinbaseCdp } from "../../../recipes/coinbase.js";
import { recipeShape } from "../../../recipes/shape.js";
import { recipeAction } from "../../recipe-action.js";
import { COINBASE_CDP_IDS } from "./recipe-ids.js";

/** The coinbase-cdp recipe as a Bubble action; its server.js bundles this recipe alone. */
export const coinbaseCdpAction = recipeAction(recipeShape(coinbaseCdp), COINBASE_CDP_IDS, {
  source: import.meta.url,
});
