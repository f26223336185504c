import type { AppError, ErrorKind } from "@sharespace/core/error";
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";

/** What a route handler answers; the wrapper renders it for API Gateway. */
export interface Response {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  cookies?: string[];
}

/** Headers and cookies of an answer. */
export type Extra = Omit<Response, "status" | "body">;

/** A JSON answer. Status and body keep their types, so the route table can check them. */
export const json = <const S extends number, B>(status: S, body: B, extra: Extra = {}) =>
  ({ status, body, ...extra }) satisfies Response;

/** 204, no body. */
export const noContent = (extra: Extra = {}) =>
  ({ status: 204 as const, ...extra }) satisfies Response;

const statusOf: Record<ErrorKind, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  too_large: 413,
  unsupported: 415,
  rate_limited: 429,
  unavailable: 503,
};

/** A typed error as the contract's error body, with its documented status. */
export function errorResponse(error: AppError): Response {
  const { details, retryAfterSeconds, mediaId } = error.extra;
  return {
    status: statusOf[error.kind],
    body: {
      error: {
        code: error.code,
        message: error.message,
        ...(details ? { details } : {}),
        ...(mediaId ? { mediaId } : {}),
      },
    },
    headers: retryAfterSeconds ? { "retry-after": String(retryAfterSeconds) } : {},
  };
}

/** Anything unexpected: a generic 500 that names the request id, never the error itself. */
export const internalError = (requestId: string): Response => ({
  status: 500,
  body: {
    error: {
      code: "internal",
      message: `Something went wrong on our side. Reference: ${requestId}.`,
    },
  },
});

export function render(response: Response): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: response.status,
    headers: {
      ...(response.body === undefined ? {} : { "content-type": "application/json" }),
      "cache-control": "no-store",
      ...response.headers,
    },
    ...(response.cookies?.length ? { cookies: response.cookies } : {}),
    ...(response.body === undefined ? {} : { body: JSON.stringify(response.body) }),
  };
}
