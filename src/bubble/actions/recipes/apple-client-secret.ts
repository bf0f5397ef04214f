import { appleClientSecret } from "../../../recipes/apple.js";
import { recipeShape } from "../../../recipes/shape.js";
import { recipeAction } from "../../recipe-action.js";

/** The apple-client-secret recipe as a Bubble action; its server.js bundles this recipe alone. */
export const appleClientSecretAction = recipeAction(recipeShape(appleClientSecret), {
  source: import.meta.url,
});
