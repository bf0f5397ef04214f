import { appStoreConnect } from "../../../recipes/apple.js";
import { recipeShape } from "../../../recipes/shape.js";
import { recipeAction } from "../../recipe-action.js";
import { APP_STORE_CONNECT_IDS } from "./recipe-ids.js";

/** The app-store-connect recipe as a Bubble action; its server.js bundles this recipe alone. */
export const appStoreConnectAction = recipeAction(recipeShape(appStoreConnect), APP_STORE_CONNECT_IDS, {
  source: import.meta.url,
});
