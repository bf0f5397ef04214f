/**
 * The bodies Bubble's Workflow API answers with, so that a Bubble app (API Connector) or any client
 * written for Bubble reads this service the same way.
 */

/** `status` values of error bodies; the first three are Bubble's own. */
export type BubbleErrorStatus =
  | "MISSING_DATA"
  | "INVALID_DATA"
  | "UNAUTHORIZED"
  | "NOT_FOUND"
  | "METHOD_NOT_ALLOWED"
  | "PAYLOAD_TOO_LARGE"
  | "UNSUPPORTED_MEDIA_TYPE"
  | "TOO_MANY_REQUESTS"
  | "HEADERS_TOO_LARGE"
  | "BAD_REQUEST"
  | "FORBIDDEN"
  | "SERVICE_UNAVAILABLE"
  | "BAD_GATEWAY"
  | "GATEWAY_TIMEOUT"
  | "ERROR";

export interface BubbleErrorBody {
  statusCode: number;
  body: {
    status: BubbleErrorStatus;
    message: string;
    reason_code?: string;
    /** Values worth having with the refusal (DocuSign's `consent_url`); never a secret or a token. */
    outputs?: Readonly<Record<string, string>>;
  };
}

export interface BubbleSuccessBody<T> {
  status: "success";
  response: T;
}

export function successBody<T>(response: T): BubbleSuccessBody<T> {
  return { status: "success", response };
}

export function errorBody(
  statusCode: number,
  status: BubbleErrorStatus,
  message: string,
  reasonCode?: string,
  outputs?: Readonly<Record<string, string>>,
): BubbleErrorBody {
  const body: BubbleErrorBody["body"] = { status, message };
  if (reasonCode !== undefined) body.reason_code = reasonCode;
  if (outputs !== undefined && Object.keys(outputs).length > 0) body.outputs = outputs;
  return { statusCode, body };
}

/** Bubble's message for a missing workflow parameter, word for word. */
export function missingParameterMessage(workflow: string, parameter: string): string {
  return `Missing parameter for workflow ${workflow}: parameter ${parameter}`;
}
