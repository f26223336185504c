/**
 * Completing an upload: the client says its bytes are in S3. A multipart upload's parts are
 * then joined (`multipart.ts`); a single PUT's object is there already, and completing it
 * moves the item to processing (claiming its checksum) as Process does when the object
 * arrives: whichever of them comes first moves it, the other finds it moved.
 *
 * The answer is what the client tells the person: the item, or 409 `duplicate` naming the
 * item that holds these bytes already. Two uploads of the same bytes racing both get past
 * their start (neither is live yet); the loser is removed as a duplicate when the winner
 * goes live, possibly by Process before its own client completes. So completing an upload
 * that is gone, with its checksum, answers 409 `duplicate` when one of the caller's live items
 * holds that checksum (the caller learns only of their own items), and 404 otherwise.
 * @module
 */
import type * as v from "valibot";
import { Actor } from "../actor";
import { AppError, conflict, invalid } from "../error";
import type { CompleteUploadBody, MediaInfo } from "../schema/media";
import { ObjectKey, Storage } from "../storage";
import { owned } from "./access";
import { liveHolderOf } from "./claim";
import { MediaError } from "./errors";
import { toInfo } from "./info";
import { completeMultipart } from "./multipart";
import type { MediaItem } from "./store";
import { startProcessing } from "./transitions";

type Body = v.InferOutput<typeof CompleteUploadBody>;

/** Completes upload `mediaId` for its owner: see the module's comment. */
export async function complete(mediaId: string, body: Body): Promise<MediaInfo> {
  const item = await ownedOrDuplicate(mediaId, body.checksum);
  // Processed already (a retry whose earlier answer was lost, or came too late): the item
  // as it is. Only an upload that arrived gets as far as `failed`.
  if (item.status === "ready" || item.status === "failed") return toInfo(item);
  if (body.checksum && item.checksum && body.checksum !== item.checksum) {
    const message = "This is not the checksum this upload was started with.";
    throw invalid(message, [{ path: "checksum", message }]);
  }
  return item.upload.kind === "multipart" ? completeMultipart(item, body) : completePut(item, body);
}

/** The caller's item; when it is gone, 409 `duplicate` if a live item holds `checksum`. */
async function ownedOrDuplicate(mediaId: string, checksum: string | undefined) {
  try {
    return await owned(mediaId);
  } catch (error) {
    const gone = error instanceof AppError && error.kind === "not_found";
    if (!gone || !checksum) throw error;
    const of = await liveHolderOf(Actor.userId(), checksum, mediaId);
    if (of) throw MediaError.duplicate(of);
    throw error;
  }
}

/** A single PUT: once its object is in S3, the item moves to processing (or is a duplicate). */
async function completePut(item: MediaItem, body: Body): Promise<MediaInfo> {
  if (body.parts) {
    const message = "This upload is a single PUT: it has no parts.";
    throw invalid(message, [{ path: "parts", message }]);
  }
  if (body.checksum && !item.checksum) {
    // S3 checks a single PUT's bytes against the checksum signed into its URL at the start.
    const message = "A single PUT's checksum is sent when the upload starts.";
    throw invalid(message, [{ path: "checksum", message }]);
  }
  if (item.status !== "uploading") return toInfo(item);
  if (!(await Storage.head(ObjectKey.original(item.ownerId, item.mediaId)))) {
    await notArrived(item);
  }
  const moved = await startProcessing({ ownerId: item.ownerId, mediaId: item.mediaId }, item);
  if (moved.duplicateOf) throw MediaError.duplicate(moved.duplicateOf);
  // Removed meanwhile (Process found it a duplicate first, or the owner deleted it).
  if (!moved.item) return toInfo(await ownedOrDuplicate(item.mediaId, item.checksum));
  return toInfo(moved.item);
}

/**
 * Why a single PUT's object is missing. Process removes an upload found to be a duplicate
 * object first, then item (`remove.ts`): a client completing it in between finds the item
 * still `uploading` and no object. When a live item of the caller's holds its checksum, that
 * is what happened (or will: an upload of bytes already live only ever ends as their
 * duplicate), so the answer is 409 `duplicate`; otherwise the bytes have not been sent yet.
 */
async function notArrived(item: MediaItem): Promise<never> {
  if (item.checksum) {
    const of = await liveHolderOf(item.ownerId, item.checksum, item.mediaId, item);
    if (of) throw MediaError.duplicate(of);
  }
  throw conflict("The file has not arrived: send it to the upload's URL first.");
}
