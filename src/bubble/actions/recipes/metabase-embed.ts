import { metabaseEmbed } from "../../../recipes/metabase.js";
import { recipeShape } from "../../../recipes/shape.js";
import { recipeAction } from "../../recipe-action.js";

/** The metabase-embed recipe as a Bubble action; its server.js bundles this recipe alone. */
export const metabaseEmbedAction = recipeAction(recipeShape(metabaseEmbed), { source: import.meta.url });
