/**
 * The one error family of the domain. `kind` says what went wrong in words the domain
 * understands; `code` is the stable snake_case code of the API contract. The functions
 * package maps `kind` to an HTTP status; core never speaks HTTP.
 */
export type ErrorKind =
  | "invalid"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "gone"
  | "too_large"
  | "unsupported"
  | "rate_limited"
  | "unavailable";

/** A field problem, as the contract's `details` list shows it. */
export interface ErrorDetail {
  path: string;
  message: string;
}

/** What an error carries besides its code and message. */
export interface ErrorExtra {
  /** Field problems (`details` in the error body). */
  details?: ErrorDetail[];
  /** Sent as `retry-after`. */
  retryAfterSeconds?: number;
  /** The existing item a `duplicate` upload matches (`mediaId` in the error body). */
  mediaId?: string;
}

export class AppError extends Error {
  override readonly name = "AppError";
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly extra: ErrorExtra = {},
  ) {
    super(message);
  }
}

export const invalid = (message: string, details?: ErrorDetail[]) =>
  new AppError("invalid", "invalid_request", message, details ? { details } : {});

export const notFound = (message = "Not found.", code = "not_found") =>
  new AppError("not_found", code, message);

/** The caller can see the thing but may not do this (a user it is shared with, editing it). */
export const forbidden = (message = "You may not change this.") =>
  new AppError("forbidden", "forbidden", message);

/** The request is fine, but the thing is not in a state that allows it. */
export const conflict = (message: string) => new AppError("conflict", "conflict", message);

export const unauthorized = (code = "unauthorized", message = "Sign in to continue.") =>
  new AppError("unauthorized", code, message);

/**
 * A backing service is down, stalled or throttling. The message is the same whatever the
 * cause: an AWS error's own text can name resources and never reaches a client.
 */
export const unavailable = () =>
  new AppError(
    "unavailable",
    "unavailable",
    "ShareSpace is unavailable right now. Try again in a moment.",
  );
