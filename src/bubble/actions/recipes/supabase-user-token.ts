import { recipeShape } from "../../../recipes/shape.js";
import { supabaseUserToken } from "../../../recipes/supabase.js";
import { recipeAction } from "../../recipe-action.js";

/** The supabase-user-token recipe as a Bubble action; its server.js bundles this recipe alone. */
export const supabaseUserTokenAction = recipeAction(recipeShape(supabaseUserToken), {
  source: import.meta.url,
});
