import { appStoreConnect } from "../../../recipes/apple.js";
import { recipeShape } from "../../../recipes/shape.js";
import { recipeAction } from "../../recipe-action.js";

/** The app-store-connect recipe as a Bubble action; its server.js bundles this recipe alone. */
export const appStoreConnectAction = recipeAction(recipeShape(appStoreConnect), { source: import.meta.url });
