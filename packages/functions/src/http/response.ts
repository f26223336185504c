import type { AppError, ErrorKind } from "@sharespace/core/error";
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";

/** What a route handler answers; the wrapper renders it for API Gateway. */
export interface Response {
  status: number;
  body?: unknown;
  /** `body` is a page of HTML, sent as is. */
  html?: true;
  headers?: Record<string, string>;
  cookies?: string[];
}

/** Headers and cookies of an answer. */
export type Extra = Omit<Response, "status" | "body">;

/** A JSON answer. Status and body keep their types, so the route table can check them. */
export const json = <const S extends number, B>(status: S, body: B, extra: Extra = {}) =>
  ({ status, body, ...extra }) satisfies Response;

/** A page of HTML. */
export const htmlPage = <const S extends number>(status: S, body: string, extra: Extra = {}) =>
  ({ status, body, html: true as const, ...extra }) satisfies Response;

/** A redirect (`location`), no body. */
export const redirect = (location: string, extra: Extra = {}) =>
  ({ status: 302 as const, ...extra, headers: { ...extra.headers, location } }) satisfies Response;

/** 204, no body. */
export const noContent = (extra: Extra = {}) =>
  ({ status: 204 as const, ...extra }) satisfies Response;

export const statusOf: Record<ErrorKind, number> = {
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
  if (response.html) {
    return {
      statusCode: response.status,
      headers: {
        "content-type": "text/html; charset=utf-8",
        "cache-control": "no-store",
        ...response.headers,
      },
      body: String(response.body),
    };
  }
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
