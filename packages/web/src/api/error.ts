import { ErrorBody } from "@sharespace/core/schema";
import * as v from "valibot";

/** A field problem, as the API's `details` list reports it: `{ path: "email", message }`. */
export interface ErrorDetail {
  path: string;
  message: string;
}

/**
 * Every failed API call, whatever went wrong. `status` and `code` come from the API
 * contract (`invalid_credentials`, `email_taken`, ...); two codes are the client's own:
 * `network_error` (status 0: the request never got an answer) and `invalid_response`
 * (the answer did not match the schema this client was built against).
 */
export class ApiError extends Error {
  override readonly name = "ApiError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: readonly ErrorDetail[] = [],
    /** From `retry-after` on a 429, in seconds. */
    readonly retryAfterSeconds?: number,
    /** `duplicate`: the caller's existing item with the same bytes. */
    readonly mediaId?: string,
  ) {
    super(message);
  }
}

export const isApiError = (error: unknown, code?: string): error is ApiError =>
  error instanceof ApiError && (code === undefined || error.code === code);

/** Messages for answers that carry no usable error body (API Gateway's own 401, a proxy's 502). */
const fallback = (status: number): { code: string; message: string } => {
  if (status === 401) return { code: "unauthorized", message: "Sign in to continue." };
  if (status === 403) return { code: "forbidden", message: "You can't do that." };
  if (status === 404) return { code: "not_found", message: "Not found." };
  if (status === 413) return { code: "payload_too_large", message: "That is too large." };
  if (status === 429) return { code: "rate_limited", message: "Too many attempts." };
  if (status >= 500) {
    return {
      code: "unavailable",
      message: "ShareSpace is having trouble right now. Try again in a moment.",
    };
  }
  return { code: "invalid_request", message: "Something went wrong. Try again." };
};

const retryAfter = (response: Response): number | undefined => {
  const header = response.headers.get("retry-after");
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  // retry-after may also be an HTTP date.
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
};

/** Reads an error answer into an {@link ApiError}, whatever its body looks like. */
export async function toApiError(response: Response): Promise<ApiError> {
  const body: unknown = await response.json().catch(() => undefined);
  const parsed = v.safeParse(ErrorBody, body);
  const { code, message, details, mediaId } = parsed.success
    ? parsed.output.error
    : { ...fallback(response.status), details: undefined, mediaId: undefined };
  return new ApiError(response.status, code, message, details ?? [], retryAfter(response), mediaId);
}

export const networkError = () =>
  new ApiError(0, "network_error", "Can't reach ShareSpace. Check your connection and try again.");

export const invalidResponse = (status: number) =>
  new ApiError(
    status,
    "invalid_response",
    "ShareSpace sent an answer this page doesn't understand. Reload the page and try again.",
  );
