import { appleWeatherKit } from "../../../recipes/apple.js";
import { recipeShape } from "../../../recipes/shape.js";
import { recipeAction } from "../../recipe-action.js";

/** The apple-weatherkit recipe as a Bubble action; its server.js bundles this recipe alone. */
export const appleWeatherKitAction = recipeAction(recipeShape(appleWeatherKit), { source: import.meta.url });
