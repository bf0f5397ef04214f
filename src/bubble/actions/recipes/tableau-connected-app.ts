import { recipeShape } from "../../../recipes/shape.js";
import { tableauConnectedApp } from "../../../recipes/tableau.js";
import { recipeAction } from "../../recipe-action.js";

/** The tableau-connected-app recipe as a Bubble action; its server.js bundles this recipe alone. */
export const tableauConnectedAppAction = recipeAction(recipeShape(tableauConnectedApp), {
  source: import.meta.url,
});
