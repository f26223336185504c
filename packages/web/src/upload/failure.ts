import { isApiError } from "../api";

/** The status of a failed request to S3, as Uppy reports it (its XHR as `source`). */
const s3Status = (error: unknown): number | undefined => {
  const source = (error as { source?: { status?: unknown } } | undefined)?.source;
  return typeof source?.status === "number" ? source.status : undefined;
};

/**
 * The error code in S3's XML answer to a failed request (`<Code>BadDigest</Code>`), when
 * the browser let the page read it (S3 sends its CORS headers with errors too).
 */
const s3Code = (error: unknown): string | undefined => {
  const source = (error as { source?: { responseText?: unknown } } | undefined)?.source;
  try {
    const text = source?.responseText;
    return typeof text === "string" ? /<Code>([^<]{1,64})<\/Code>/.exec(text)?.[1] : undefined;
  } catch {
    // An XHR whose response is not text throws on `responseText`.
    return undefined;
  }
};

/** Why an upload failed, in words for the person who started it. */
export function describeFailure(error: unknown): string {
  if (isApiError(error)) return error.message;
  const status = s3Status(error);
  if (status === 0 || (error instanceof Error && error.message === "Unknown error")) {
    return "The connection dropped. Retry to carry on where it stopped.";
  }
  if (status === 403 || (error instanceof Error && error.message === "Request has expired")) {
    return "The upload link expired. Retry to carry on.";
  }
  // S3 refused bytes that differ from the SHA-256 hashed when the file was chosen: the file
  // was edited meanwhile (Retry fails again) or the bytes were damaged on the way (it works).
  if (s3Code(error) === "BadDigest") {
    return "The file changed while it was being sent. Retry, or choose it again if you edited it.";
  }
  if (status !== undefined && status >= 500) {
    return "Storage is having trouble right now. Retry in a moment.";
  }
  if (error instanceof Error && error.message.startsWith("Could not read the file")) {
    return "This file could not be read. Choose it again.";
  }
  return "The upload failed. Retry, or choose the file again.";
}

/**
 * Whether the failure means the upload no longer exists on the server (swept, aborted, or
 * finished by an earlier request whose answer was lost): a retry must start it over.
 */
export function isUploadGone(error: unknown): boolean {
  if (isApiError(error)) return error.status === 404 || error.code === "conflict";
  return s3Status(error) === 404;
}
