import { githubApp } from "../../../recipes/github.js";
import { recipeShape } from "../../../recipes/shape.js";
import { recipeAction } from "../../recipe-action.js";

/** The github-app recipe as a Bubble action; its server.js bundles this recipe alone. */
export const githubAppAction = recipeAction(recipeShape(githubApp), { source: import.meta.url });
