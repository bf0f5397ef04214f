import { recipeShape } from "../../../recipes/shape.js";
import { tableauConnectedApp } from "../../../recipes/tableau.js";
import { recipeAction } from "../../recipe-action.js";
import { TABLEAU_CONNECTED_APP_IDS } from "./recipe-ids.js";

/** The tableau-connected-app recipe as a Bubble action; its server.js bundles this recipe alone. */
export const tableauConnectedAppAction = recipeAction(
  recipeShape(tableauConnectedApp),
  TABLEAU_CONNECTED_APP_IDS,
  { source: import.meta.url },
);
