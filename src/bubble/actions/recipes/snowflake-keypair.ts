import { recipeShape } from "../../../recipes/shape.js";
import { snowflakeKeypair } from "../../../recipes/snowflake.js";
import { recipeAction } from "../../recipe-action.js";

/** The snowflake-keypair recipe as a Bubble action; its server.js bundles this recipe alone. */
export const snowflakeKeypairAction = recipeAction(recipeShape(snowflakeKeypair), {
  source: import.meta.url,
});
