import { appleClientSecret } from "../../../recipes/apple.js";
import { recipeShape } from "../../../recipes/shape.js";
import { recipeAction } from "../../recipe-action.js";
import { APPLE_CLIENT_SECRET_IDS } from "./recipe-ids.js";

/** The apple-client-secret recipe as a Bubble action; its server.js bundles this recipe alone. */
export const appleClientSecretAction = recipeAction(recipeShape(appleClientSecret), APPLE_CLIENT_SECRET_IDS, {
  source: import.meta.url,
});
