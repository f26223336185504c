import { limits } from "@sharespace/core/schema";
import type { MediaApi } from "../api";

/**
 * Deletes items through `POST /api/media/delete`, a batch at a time. Ids the API reports
 * `notFound` were already gone: they leave the gallery too.
 */
export async function deleteMedia(
  api: MediaApi,
  ids: readonly string[],
  onBatch?: (gone: readonly string[]) => void,
): Promise<string[]> {
  const gone: string[] = [];
  for (let i = 0; i < ids.length; i += limits.media.bulkDeleteMax) {
    const batch = ids.slice(i, i + limits.media.bulkDeleteMax);
    const { deleted, notFound } = await api.removeMany(batch);
    const done = [...deleted, ...notFound];
    gone.push(...done);
    onBatch?.(done);
  }
  return gone;
}
