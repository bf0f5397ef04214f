import { firebaseCustomToken } from "../../../recipes/firebase.js";
import { recipeShape } from "../../../recipes/shape.js";
import { recipeAction } from "../../recipe-action.js";

/** The firebase-custom-token recipe as a Bubble action; its server.js bundles this recipe alone. */
export const firebaseCustomTokenAction = recipeAction(recipeShape(firebaseCustomToken), {
  source: import.meta.url,
});
