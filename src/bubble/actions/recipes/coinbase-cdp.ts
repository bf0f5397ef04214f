import { coinbaseCdp } from "../../../recipes/coinbase.js";
import { recipeShape } from "../../../recipes/shape.js";
import { recipeAction } from "../../recipe-action.js";

/** The coinbase-cdp recipe as a Bubble action; its server.js bundles this recipe alone. */
export const coinbaseCdpAction = recipeAction(recipeShape(coinbaseCdp), { source: import.meta.url });
