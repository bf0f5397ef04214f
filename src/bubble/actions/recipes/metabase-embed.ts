import { metabaseEmbed } from "../../../recipes/metabase.js";
import { recipeShape } from "../../../recipes/shape.js";
import { recipeAction } from "../../recipe-action.js";
import { METABASE_EMBED_IDS } from "./recipe-ids.js";

/** The metabase-embed recipe as a Bubble action; its server.js bundles this recipe alone. */
export const metabaseEmbedAction = recipeAction(recipeShape(metabaseEmbed), METABASE_EMBED_IDS, {
  source: import.meta.url,
});
