/**
 * Processing: what the Process function does with each new object under `originals/` (an
 * uploaded original, or a video's poster frame). Nothing here knows about Lambda or SQS
 * batches; the handler hands over one object at a time. Loaded by Process only: it pulls in
 * sharp, libheif-js and mediainfo.js, which the API's functions must not carry.
 *
 * ```ts
 * import { Processing } from "@sharespace/core/media/process";
 *
 * const outcome = await Processing.processObject(key, { deadline: Date.now() + 250_000 });
 * ```
 *
 * Throws only what is worth retrying (S3 or DynamoDB unavailable, a poster that came before
 * its video): a file that is not what its upload promised ends `failed`, which is an outcome.
 * @module
 */
import { bucket } from "../../bucket";
import { ObjectKey } from "../../storage";
import { type Outcome, processOriginal } from "./original";
import { processPoster } from "./poster";

export type { Outcome } from "./original";
export { PosterTooEarly } from "./poster";

/** A key Process must never be given: outside `originals/` (the notification filters them). */
export class NotAnUploadError extends Error {
  override readonly name = "NotAnUploadError";
  readonly code = "not_an_upload";
  constructor(readonly key: string) {
    super(`${key} is not under ${bucket.prefixes.originals}`);
  }
}

/** What {@link processObject} is given besides the key. */
export interface ProcessOptions {
  /** Epoch ms by which the work must be done (the function's own timeout, less a margin). */
  deadline: number;
  /** The object's size in bytes, as its S3 event reports it: its reading starts at once. */
  size?: number;
}

/**
 * Processes the object at `key` (decoded, as in the S3 event). Idempotent: a second call for
 * the same object changes nothing, and a call for an object whose item is gone removes it.
 * @throws NotAnUploadError for a key outside `originals/`.
 */
export async function processObject(key: string, options: ProcessOptions): Promise<Outcome> {
  if (!key.startsWith(bucket.prefixes.originals)) throw new NotAnUploadError(key);
  const parsed = ObjectKey.parse(key);
  // Not a key the app makes (nothing signs URLs for it): left alone.
  if (!parsed || parsed.kind === "derived") return { result: "ignored", status: "unknown key" };
  const ref = { ownerId: parsed.ownerId, mediaId: parsed.mediaId };
  return parsed.kind === "poster-upload"
    ? processPoster(ref)
    : processOriginal(ref, options.deadline, options.size);
}

export const Processing = { processObject };
