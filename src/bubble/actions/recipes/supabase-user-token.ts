import { recipeShape } from "../../../recipes/shape.js";
import { supabaseUserToken } from "../../../recipes/supabase.js";
import { recipeAction } from "../../recipe-action.js";
import { SUPABASE_USER_TOKEN_IDS } from "./recipe-ids.js";

/** The supabase-user-token recipe as a Bubble action; its server.js bundles this recipe alone. */
export const supabaseUserTokenAction = recipeAction(recipeShape(supabaseUserToken), SUPABASE_USER_TOKEN_IDS, {
  source: import.meta.url,
});
