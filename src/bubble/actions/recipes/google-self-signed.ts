import { googleSelfSigned } from "../../../recipes/google.js";
import { recipeShape } from "../../../recipes/shape.js";
import { recipeAction } from "../../recipe-action.js";
import { GOOGLE_SELF_SIGNED_IDS } from "./recipe-ids.js";

/** The google-self-signed recipe as a Bubble action; its server.js bundles this recipe alone. */
export const googleSelfSignedAction = recipeAction(recipeShape(googleSelfSigned), GOOGLE_SELF_SIGNED_IDS, {
  source: import.meta.url,
});
