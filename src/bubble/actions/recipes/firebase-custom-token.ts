import { firebaseCustomToken } from "../../../recipes/firebase.js";
import { recipeShape } from "../../../recipes/shape.js";
import { recipeAction } from "../../recipe-action.js";
import { FIREBASE_CUSTOM_TOKEN_IDS } from "./recipe-ids.js";

/** The firebase-custom-token recipe as a Bubble action; its server.js bundles this recipe alone. */
export const firebaseCustomTokenAction = recipeAction(
  recipeShape(firebaseCustomToken),
  FIREBASE_CUSTOM_TOKEN_IDS,
  { source: import.meta.url },
);
