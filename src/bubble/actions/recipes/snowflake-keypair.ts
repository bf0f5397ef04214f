import { recipeShape } from "../../../recipes/shape.js";
import { snowflakeKeypair } from "../../../recipes/snowflake.js";
import { recipeAction } from "../../recipe-action.js";
import { SNOWFLAKE_KEYPAIR_IDS } from "./recipe-ids.js";

/** The snowflake-keypair recipe as a Bubble action; its server.js bundles this recipe alone. */
export const snowflakeKeypairAction = recipeAction(recipeShape(snowflakeKeypair), SNOWFLAKE_KEYPAIR_IDS, {
  source: import.meta.url,
});
