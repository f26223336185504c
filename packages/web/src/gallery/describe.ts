import type { MediaInfo } from "@sharespace/core/schema";
import { formatDate } from "../lib/format";

/** What an item is called: its title, else its filename. */
export const nameOf = (item: MediaInfo) => item.title.trim() || item.filename;

export const isVideo = (item: Pick<MediaInfo, "contentType">) =>
  item.contentType.startsWith("video/");

/** "0:42", "1:02:05". */
export function formatDuration(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

/** "November 2026", for the UTC month the API counts it in. */
export function formatMonth(month: string): string {
  const [year, mon] = month.split("-").map(Number) as [number, number];
  return new Intl.DateTimeFormat(undefined, {
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  }).format(new Date(Date.UTC(year, mon - 1, 1)));
}

/** What a screen reader hears for a tile: name, date, and what kind or state it is in. */
export function tileLabel(item: MediaInfo): string {
  const parts = [nameOf(item), formatDate(item.takenAt)];
  if (isVideo(item)) {
    parts.push(item.durationSeconds ? `video, ${formatDuration(item.durationSeconds)}` : "video");
  }
  if (item.status === "processing" || item.status === "uploading") parts.push("processing");
  // The tile shows "Couldn't process": its name says it too, then why.
  if (item.status === "failed") parts.push(`couldn't process: ${item.failure ?? "unknown reason"}`);
  return parts.join(", ");
}
