import { recipeShape } from "../../../recipes/shape.js";
import { twilioAccessToken } from "../../../recipes/twilio.js";
import { recipeAction } from "../../recipe-action.js";

/** The twilio-access-token recipe as a Bubble action; its server.js bundles this recipe alone. */
export const twilioAccessTokenAction = recipeAction(recipeShape(twilioAccessToken), {
  source: import.meta.url,
});
