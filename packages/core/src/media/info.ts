import { limits } from "../limits";
import type { MediaInfo, MediaUrls } from "../schema/media";
import { ObjectKey, Storage } from "../storage";
import type { MediaItem } from "./store";

/**
 * Presigned GETs of a ready item, valid at most an hour. Each pins the type S3 answers with
 * (`response-content-type`: the stored type, never what a browser might sniff); `download`
 * is an attachment under the original filename.
 */
async function urlsOf(item: MediaItem): Promise<MediaUrls> {
  const expiresInSeconds = limits.media.getUrlSeconds;
  const original = ObjectKey.original(item.ownerId, item.mediaId);
  const derived = async (kind: "thumbnail" | "preview") =>
    item.derivatives?.includes(kind)
      ? (
          await Storage.presignGet({
            key: ObjectKey.derived(item.ownerId, item.mediaId, kind),
            expiresInSeconds,
            contentType: "image/webp",
          })
        ).url
      : undefined;
  const [thumbnail, preview, view, download] = await Promise.all([
    derived("thumbnail"),
    derived("preview"),
    Storage.presignGet({ key: original, expiresInSeconds, contentType: item.contentType }),
    Storage.presignGet({
      key: original,
      expiresInSeconds,
      contentType: item.contentType,
      downloadAs: item.filename,
    }),
  ]);
  return {
    ...(thumbnail ? { thumbnail } : {}),
    ...(preview ? { preview } : {}),
    original: view.url,
    download: download.url,
  };
}

/** An item as the API shows it; `urls` once it is ready. */
export async function toInfo(item: MediaItem): Promise<MediaInfo> {
  return {
    id: item.mediaId,
    ownerId: item.ownerId,
    filename: item.filename,
    title: item.title,
    description: item.description,
    contentType: item.contentType,
    size: item.size,
    ...(item.width !== undefined ? { width: item.width } : {}),
    ...(item.height !== undefined ? { height: item.height } : {}),
    ...(item.durationSeconds !== undefined ? { durationSeconds: item.durationSeconds } : {}),
    takenAt: item.takenAt,
    status: item.status,
    ...(item.failure ? { failure: item.failure } : {}),
    ...(item.placeholder ? { placeholder: item.placeholder } : {}),
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
    ...(item.status === "ready" ? { urls: await urlsOf(item) } : {}),
  };
}
