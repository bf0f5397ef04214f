import type { OperationContext } from "../../inputs/index.js";
import type { Exchange } from "./types.js";

export { runExchangeValues } from "./define-exchange.js";

/** An exchange is already an Operation; kept while the layers move to the registry. */
export type ExchangeShape = Exchange;
export type ExchangeRunContext = OperationContext;
export function exchangeShape(exchange: Exchange): Exchange {
  return exchange;
}
