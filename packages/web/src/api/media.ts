import {
  DeletedMedia,
  type MediaInfo,
  MediaPage,
  OneMedia,
  Timeline,
  type UpdateMediaBody,
} from "@sharespace/core/schema";
import type { Session } from "./session";

/** `GET /api/media`'s query: where a page starts. */
export interface MediaPageQuery {
  /** 1–100 (the API's default: 30). */
  limit?: number;
  /** From the previous page's `nextCursor`. */
  cursor?: string;
  /** ISO time: the page starts at this moment (newest first), to jump to a month. */
  until?: string;
}

/** The signed-in user's media, as the gallery and the viewer use it. */
export interface MediaApi {
  /** `GET /api/media`: newest `takenAt` first. */
  list(query?: MediaPageQuery, signal?: AbortSignal): Promise<MediaPage>;
  /** `GET /api/media/timeline`: every month with its count, newest first. */
  timeline(signal?: AbortSignal): Promise<Timeline>;
  /** `GET /api/media/{id}`, with fresh presigned URLs. */
  get(id: string, signal?: AbortSignal): Promise<MediaInfo>;
  /** `PATCH /api/media/{id}`: title, description, takenAt. */
  update(id: string, body: UpdateMediaBody): Promise<MediaInfo>;
  /** `DELETE /api/media/{id}`. */
  remove(id: string): Promise<void>;
  /** `POST /api/media/delete`: at most `limits.media.bulkDeleteMax` ids per call. */
  removeMany(ids: readonly string[]): Promise<DeletedMedia>;
}

const path = (id: string) => `/api/media/${encodeURIComponent(id)}`;

export function createMediaApi(session: Pick<Session, "authed">): MediaApi {
  const { authed } = session;
  return {
    list(query = {}, signal) {
      const params = new URLSearchParams();
      if (query.limit !== undefined) params.set("limit", String(query.limit));
      if (query.cursor) params.set("cursor", query.cursor);
      if (query.until) params.set("until", query.until);
      const search = params.size ? `?${params}` : "";
      return authed(`/api/media${search}`, { schema: MediaPage, signal });
    },
    timeline: (signal) => authed("/api/media/timeline", { schema: Timeline, signal }),
    async get(id, signal) {
      return (await authed(path(id), { schema: OneMedia, signal })).media;
    },
    async update(id, body) {
      return (await authed(path(id), { method: "PATCH", body, schema: OneMedia })).media;
    },
    remove: (id) => authed(path(id), { method: "DELETE" }),
    removeMany: (ids) =>
      authed("/api/media/delete", { method: "POST", body: { ids }, schema: DeletedMedia }),
  };
}
