import type { AnyOperation, OperationKind } from "../inputs/index.js";
import type { Exchange } from "../recipes/exchanges/types.js";
import { checkAction } from "./check-action.js";
import { exchangeAction } from "./exchange-action.js";
import { recipeAction } from "./recipe-action.js";
import { signInAction } from "./sign-in-action.js";
import type { ActionDefinition } from "./types.js";

/** How each kind of operation becomes an action; a new kind does not compile until it has one. */
const ACTION_OF: Readonly<Record<OperationKind, (operation: AnyOperation) => ActionDefinition>> = {
  recipe: (operation) => recipeAction(operation),
  exchange: (operation) => exchangeAction(operation as Exchange),
  "sign-in": signInAction,
  check: checkAction,
};

/**
 * An operation of the registry as a Bubble action: its inputs as fields, its outputs as return values,
 * the kind's failure outputs, keyed in the ID ledger by the operation's id. Its server.js bundles the
 * operation's own module and this wrapping alone.
 */
export function operationAction(operation: AnyOperation): ActionDefinition {
  return {
    ...ACTION_OF[operation.kind](operation),
    operation: { id: operation.id, source: operation.source },
  };
}
