import { googleSelfSigned } from "../../../recipes/google.js";
import { recipeShape } from "../../../recipes/shape.js";
import { recipeAction } from "../../recipe-action.js";

/** The google-self-signed recipe as a Bubble action; its server.js bundles this recipe alone. */
export const googleSelfSignedAction = recipeAction(recipeShape(googleSelfSigned), {
  source: import.meta.url,
});
