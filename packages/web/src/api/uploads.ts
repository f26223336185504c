import {
  type CompleteUploadBody,
  type CreateMediaBody,
  MediaCreated,
  OneMedia,
  PartUrls,
  type PosterBody,
  PosterUpload,
  UploadedParts,
} from "@sharespace/core/schema";
import type { Http } from "./http";

/**
 * The upload half of the media API: the bytes themselves go straight to S3 through the
 * presigned URLs these calls return, never through the API.
 */
export interface UploadsApi {
  /**
   * `POST /api/media`: reserves the item and answers how to send the bytes, a single
   * presigned PUT (≤ 64 MiB) or a multipart upload. Throws `duplicate` (409, with the
   * existing item's `mediaId`), 415 for a refused type, 413 over the size or the quota.
   */
  create(body: CreateMediaBody): Promise<MediaCreated>;
  /** `POST /api/media/{id}/upload/parts`: presigned URLs for up to 100 parts. */
  signParts(id: string, partNumbers: readonly number[]): Promise<PartUrls>;
  /** `GET /api/media/{id}/upload/parts`: the parts S3 already holds. */
  listParts(id: string): Promise<UploadedParts>;
  /** `POST /api/media/{id}/upload/complete`: joins the parts; the item moves to processing. */
  complete(id: string, body: CompleteUploadBody): Promise<OneMedia>;
  /** `DELETE /api/media/{id}/upload`: aborts the upload and removes the item. */
  abort(id: string): Promise<void>;
  /** `POST /api/media/{id}/poster`: a presigned PUT for a video's poster frame. */
  poster(id: string, body: PosterBody): Promise<PosterUpload>;
  /** `GET /api/media/{id}`: the item as it is now. */
  get(id: string): Promise<OneMedia>;
}

const at = (id: string) => `/api/media/${encodeURIComponent(id)}`;

export function createUploadsApi(authed: Http): UploadsApi {
  return {
    create: (body) => authed("/api/media", { method: "POST", body, schema: MediaCreated }),
    signParts: (id, partNumbers) =>
      authed(`${at(id)}/upload/parts`, {
        method: "POST",
        body: { partNumbers },
        schema: PartUrls,
      }),
    listParts: (id) => authed(`${at(id)}/upload/parts`, { schema: UploadedParts }),
    complete: (id, body) =>
      authed(`${at(id)}/upload/complete`, { method: "POST", body, schema: OneMedia }),
    abort: (id) => authed(`${at(id)}/upload`, { method: "DELETE" }),
    poster: (id, body) =>
      authed(`${at(id)}/poster`, { method: "POST", body, schema: PosterUpload }),
    get: (id) => authed(at(id), { schema: OneMedia }),
  };
}
