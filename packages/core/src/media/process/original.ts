/**
 * An uploaded original, from its arrival to `ready` or `failed`. Every step may run again
 * (S3 and SQS deliver at least once, the sweep redrives): the transitions are conditional,
 * derivatives are written to fixed keys, and a finished item is left alone.
 * @module
 */
import { Metrics, metricNames } from "../../metrics";
import { type DerivedKind, ObjectKey, Storage } from "../../storage";
import { readItem } from "../store";
import { markFailed, markReady, type ReadyInfo, startProcessing } from "../transitions";
import { Rejected } from "./errors";
import { imageLimits, renderImage } from "./image";
import { rangeReader } from "./source";
import { type ChecksumCheck, fetchObject, type Verified, verifyObject } from "./verify";
import { readVideo } from "./video";

/** The owner and id an object key names. */
export interface Ref {
  ownerId: string;
  mediaId: string;
}

/** What processing one object did, for the function's log and the tests. */
export type Outcome =
  | { result: "ready"; checksum: ChecksumCheck; bytesRead?: number }
  | { result: "failed"; reason: string }
  | { result: "poster"; derivatives: string[] }
  | { result: "poster-discarded"; reason: string }
  | { result: "duplicate-removed"; of: string }
  | { result: "finished-already" | "orphan-removed" | "ignored"; status?: string };

/** Time kept back from the checksum for everything after it (decoding, writes, records). */
const AFTER_HASH_MS = 60_000;

/**
 * Processes the original `ref` names, to finish by `deadline` (epoch ms). `size`, the object's
 * size as its S3 event reports it, lets its reading start beside the item's lookup.
 */
export async function processOriginal(ref: Ref, deadline: number, size?: number): Promise<Outcome> {
  const key = ObjectKey.original(ref.ownerId, ref.mediaId);
  // Sent before the item says what the object is: a photo (most uploads) is read whole, and
  // the read is dropped if the item turns out a video, gone or finished.
  const fetched = fetchObject(
    key,
    size !== undefined && size <= imageLimits.maxBytes ? size : undefined,
  );
  const item = await readItem(ref.mediaId).catch((error: unknown) => {
    fetched.drop();
    throw error;
  });
  if (!item || item.ownerId !== ref.ownerId) {
    fetched.drop();
    // No item: the upload was deleted or never existed. Its bytes have no owner to count them.
    await Storage.remove([key]);
    return { result: "orphan-removed" };
  }
  if (item.status === "failed" || item.status === "ready") {
    fetched.drop();
    // A failed item holds no bytes (a second PUT to a still-valid URL would store them free).
    if (item.status === "failed") await Storage.remove([key]);
    return { result: "finished-already", status: item.status };
  }

  const photo = !item.contentType.startsWith("video/");
  // Reading, checking and rendering the object go on while the item joins the gallery; the
  // derivatives are written only once the checksum holds and the item is processing.
  const examining = verifyObject(
    item,
    key,
    deadline - AFTER_HASH_MS,
    photo ? imageLimits.maxBytes : 0,
    fetched,
  )
    .then(async (verified) => {
      const looked = examine(ref, item.contentType, verified);
      looked.catch(() => undefined);
      // A checksum mismatch is the reason given, even when the bytes would not decode either.
      const checksum = await verified.checked;
      return { checksum, ...(await looked) };
    })
    .then(
      (examined) => ({ examined }),
      (error: unknown) => ({ error }),
    );
  let current = item;
  if (item.status === "uploading") {
    const moved = await startProcessing(ref, item);
    const started = moved.item;
    if (started?.status !== "processing") {
      await examining;
      // The owner had these bytes live already: the upload and its object are gone.
      if (moved.duplicateOf) return { result: "duplicate-removed", of: moved.duplicateOf };
      return { result: "finished-already", status: started?.status };
    }
    current = started;
  }

  try {
    const read = await examining;
    if ("error" in read) throw read.error;
    const { checksum, info, files, bytesRead } = read.examined;
    await Promise.all(
      files.map(({ kind, bytes, contentType }) =>
        Storage.derived.write(ref.ownerId, ref.mediaId, kind, bytes, contentType),
      ),
    );
    const done = await markReady(ref, info, current);
    if (!done.changed) return { result: "finished-already", status: done.item?.status };
    Metrics.count(metricNames.processingSucceeded);
    return { result: "ready", checksum, ...(bytesRead ? { bytesRead } : {}) };
  } catch (error) {
    if (!(error instanceof Rejected)) throw error;
    const failed = await markFailed(ref, error.reason);
    if (failed.changed) Metrics.count(metricNames.processingFailed);
    // Only a failed item loses its bytes (a duplicate run may have finished it meanwhile).
    if (failed.item?.status === "failed") {
      await Storage.remove([key, ObjectKey.posterUpload(ref.ownerId, ref.mediaId)]);
    }
    return { result: "failed", reason: error.reason };
  }
}

/** A derivative to write. */
interface DerivedFile {
  kind: DerivedKind;
  bytes: Uint8Array;
  contentType: string;
}

/** Reads what the file holds and renders its derivatives; answers what `markReady` records. */
async function examine(
  { ownerId, mediaId }: Ref,
  contentType: string,
  { head: { size }, bytes }: Verified,
): Promise<{ info: ReadyInfo; files: DerivedFile[]; bytesRead?: number }> {
  const key = ObjectKey.original(ownerId, mediaId);
  if (contentType.startsWith("video/")) {
    const reader = rangeReader(key, size);
    const video = await readVideo(size, reader.read);
    const info: ReadyInfo = {
      size,
      ...(video.width && video.height ? { width: video.width, height: video.height } : {}),
      ...(video.durationSeconds !== undefined ? { durationSeconds: video.durationSeconds } : {}),
      ...(video.takenAt ? { takenAt: video.takenAt, takenAtSource: "container" } : {}),
    };
    return { info, files: [], bytesRead: reader.bytesFetched };
  }
  // Too large to hold: kept, ready, without derivatives.
  if (!bytes) return { info: { size }, files: [] };
  const image = await renderImage(bytes, contentType);
  const files = Object.entries(image.derivatives).map(([kind, file]) => ({
    kind: kind as DerivedKind,
    ...(file as { bytes: Uint8Array; contentType: string }),
  }));
  return {
    info: {
      size,
      width: image.width,
      height: image.height,
      ...(image.takenAt ? { takenAt: image.takenAt, takenAtSource: "exif" } : {}),
      ...(image.placeholder ? { placeholder: image.placeholder } : {}),
      derivatives: files.map((file) => file.kind),
      gps: image.gps,
    },
    files,
  };
}
