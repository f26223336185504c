/**
 * From the engine's state (Uppy's files and what the uploader keeps in their meta) to what
 * the panel shows. Pure, so the panel and the tests share one reading of every state.
 */
import { formatBytes } from "../lib/format";

/** How the API said to send the bytes, as kept across a reload. */
export type Ticket =
  | { kind: "put"; url: string; headers: Record<string, string>; expiresAt: string }
  | { kind: "multipart"; uploadId: string; partSize: number; partCount: number };

/** What the uploader keeps in each Uppy file's meta (saved with it for a resume). */
export interface UploadMeta {
  [key: string]: unknown;
  name: string;
  type: string;
  /** The item `POST /api/media` created. */
  mediaId?: string;
  /** Base64 SHA-256 of the bytes. */
  checksum?: string;
  ticket?: Ticket;
  /** `duplicate`: the API already has these bytes for this user, as `existingId`. */
  outcome?: "duplicate";
  existingId?: string;
  /** Why the upload failed, in words for people. */
  failure?: string;
}

interface Processing {
  mode: "determinate" | "indeterminate";
  message?: string;
  value?: number;
}

/** The part of an Uppy file the panel reads. */
export interface FileRecord {
  id: string;
  name?: string;
  size: number | null;
  type: string;
  isGhost?: boolean;
  /** Brought back by Golden Retriever after a reload. */
  isRestored?: boolean;
  error?: string | null;
  meta: UploadMeta;
  progress: {
    uploadStarted: number | null;
    uploadComplete?: boolean;
    complete?: boolean;
    bytesUploaded: number | false;
    bytesTotal: number | null;
    preprocess?: Processing;
    postprocess?: Processing;
  };
}

export type UploadPhase =
  /** Refused before any request (its type is not one ShareSpace takes). */
  | "refused"
  /** Waiting for its turn. */
  | "waiting"
  /** Being hashed, then announced to the API. */
  | "checking"
  | "uploading"
  /** Bytes sent; completing, or sending a video's poster frame. */
  | "finishing"
  | "done"
  /** The same bytes are in the library already. */
  | "duplicate"
  | "failed"
  /** Restored after a reload without its bytes: the person must choose the file again. */
  | "needs-file";

/** One row of the panel. */
export interface UploadItem {
  id: string;
  name: string;
  size: number;
  kind: "photo" | "video";
  phase: UploadPhase;
  /** 0–1: of the bytes hashed while checking, of the bytes sent while uploading. */
  fraction: number;
  bytesSent: number;
  bytesPerSecond?: number;
  secondsLeft?: number;
  /** Why it failed or was refused. */
  message?: string;
  /** The item uploaded, once known. */
  mediaId?: string;
  /** `duplicate`: the item already in the library. */
  existingId?: string;
  /** Brought back after a reload (its ending was announced then, if at all). */
  restored?: boolean;
}

export interface Rate {
  bytesPerSecond?: number;
}

/** Reads one file's state. `rate` is the file's measured speed, if any. */
export function toItem(file: FileRecord, rate: Rate = {}): UploadItem {
  const size = file.size ?? file.progress.bytesTotal ?? 0;
  const sent = file.progress.bytesUploaded || 0;
  const base = {
    id: file.id,
    name: file.meta.name ?? file.name ?? "Untitled",
    size,
    kind: file.type.startsWith("video/") ? ("video" as const) : ("photo" as const),
    bytesSent: sent,
    mediaId: file.meta.mediaId,
    ...(file.isRestored ? { restored: true } : {}),
  };
  const { progress, meta } = file;
  if (meta.outcome === "duplicate") {
    return { ...base, phase: "duplicate", fraction: 1, existingId: meta.existingId };
  }
  // Restored without its bytes: whatever happened before, it needs its file again.
  if (file.isGhost) return { ...base, phase: "needs-file", fraction: size ? sent / size : 0 };
  if (file.error) {
    return {
      ...base,
      phase: "failed",
      fraction: size ? sent / size : 0,
      message: meta.failure ?? file.error,
    };
  }
  if (progress.complete) return { ...base, phase: "done", fraction: 1, bytesSent: size };
  if (progress.uploadComplete || progress.postprocess || (size > 0 && sent >= size)) {
    return { ...base, phase: "finishing", fraction: 1, bytesSent: size };
  }
  if (progress.preprocess) {
    const value = progress.preprocess.mode === "determinate" ? progress.preprocess.value : 0;
    return {
      ...base,
      phase: progress.preprocess.message === "waiting" ? "waiting" : "checking",
      fraction: value ?? 0,
    };
  }
  if (progress.uploadStarted && meta.mediaId) {
    const speed = rate.bytesPerSecond;
    return {
      ...base,
      phase: "uploading",
      fraction: size ? sent / size : 0,
      bytesPerSecond: speed,
      secondsLeft: speed ? Math.ceil((size - sent) / speed) : undefined,
    };
  }
  return { ...base, phase: "waiting", fraction: 0 };
}

/** A file refused before any request. */
export const refusedItem = (id: string, file: File, message: string): UploadItem => ({
  id,
  name: file.name,
  size: file.size,
  kind: file.type.startsWith("video/") ? "video" : "photo",
  phase: "refused",
  fraction: 0,
  bytesSent: 0,
  message,
});

const active = new Set<UploadPhase>(["waiting", "checking", "uploading", "finishing"]);
export const isActive = (item: UploadItem) => active.has(item.phase);
/** Still in flight (or waiting for its file): it can be cancelled. */
export const canCancel = (item: UploadItem) =>
  item.phase !== "finishing" && (isActive(item) || item.phase === "needs-file");
export const canRetry = (item: UploadItem) => item.phase === "failed";
/** Finished one way or another: it can leave the list. */
export const canDismiss = (item: UploadItem) =>
  ["done", "duplicate", "failed", "refused"].includes(item.phase);

/** The whole list at a glance. */
export interface UploadSummary {
  total: number;
  active: number;
  done: number;
  duplicates: number;
  failed: number;
  refused: number;
  needsFile: number;
  /** Bytes of the uploads that count (not failed, refused or duplicate), and sent of those. */
  bytesTotal: number;
  bytesSent: number;
  fraction: number;
  bytesPerSecond?: number;
  secondsLeft?: number;
}

export function summarize(items: readonly UploadItem[], rate: Rate = {}): UploadSummary {
  const count = (phase: UploadPhase) => items.filter((item) => item.phase === phase).length;
  const counted = items.filter((item) => isActive(item) || item.phase === "done");
  const bytesTotal = counted.reduce((sum, item) => sum + item.size, 0);
  const bytesSent = counted.reduce((sum, item) => sum + Math.min(item.bytesSent, item.size), 0);
  const activeCount = items.filter(isActive).length;
  const speed = activeCount > 0 ? rate.bytesPerSecond : undefined;
  return {
    total: items.length,
    active: activeCount,
    done: count("done"),
    duplicates: count("duplicate"),
    failed: count("failed"),
    refused: count("refused"),
    needsFile: count("needs-file"),
    bytesTotal,
    bytesSent,
    fraction: bytesTotal ? bytesSent / bytesTotal : 0,
    bytesPerSecond: speed,
    secondsLeft: speed ? Math.ceil((bytesTotal - bytesSent) / speed) : undefined,
  };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "45 s", "3 min", "1 h 20 min". */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
}

export const formatSpeed = (bytesPerSecond: number) => `${formatBytes(bytesPerSecond)}/s`;

/** The panel's heading. */
export function headline(summary: UploadSummary): string {
  if (summary.active > 0) return `Uploading ${plural(summary.active, "file")}`;
  if (summary.needsFile > 0) return "Uploads paused";
  if (summary.done === 0 && summary.duplicates === 0 && summary.failed + summary.refused > 0) {
    return "Nothing uploaded";
  }
  return "Uploads finished";
}

/** The line under the heading: how far, how fast, how long; or how it went. */
export function summaryLine(summary: UploadSummary): string {
  if (summary.active > 0) {
    const parts = [`${formatBytes(summary.bytesSent)} of ${formatBytes(summary.bytesTotal)}`];
    if (summary.bytesPerSecond) parts.push(formatSpeed(summary.bytesPerSecond));
    if (summary.secondsLeft !== undefined) {
      parts.push(`${formatDuration(summary.secondsLeft)} left`);
    }
    return parts.join(" · ");
  }
  const parts: string[] = [];
  if (summary.done) parts.push(`${plural(summary.done, "file")} uploaded`);
  if (summary.duplicates) parts.push(`${summary.duplicates} already in your library`);
  if (summary.needsFile) parts.push(`${plural(summary.needsFile, "file")} to choose again`);
  if (summary.failed) parts.push(`${summary.failed} failed`);
  if (summary.refused) parts.push(`${summary.refused} not taken`);
  return parts.join(" · ");
}

/** One row's status, in words. */
export function statusText(item: UploadItem): string {
  switch (item.phase) {
    case "refused":
    case "failed":
      return item.message ?? "Upload failed.";
    case "waiting":
      return "Waiting";
    case "checking":
      return item.fraction > 0 ? `Checking… ${Math.floor(item.fraction * 100)}%` : "Checking…";
    case "uploading": {
      const parts = [`${formatBytes(item.bytesSent)} of ${formatBytes(item.size)}`];
      if (item.bytesPerSecond) parts.push(formatSpeed(item.bytesPerSecond));
      if (item.secondsLeft !== undefined) parts.push(`${formatDuration(item.secondsLeft)} left`);
      return parts.join(" · ");
    }
    case "finishing":
      return "Finishing…";
    case "done":
      return "Uploaded";
    case "duplicate":
      return "Already in your library";
    case "needs-file":
      return "Choose this file again to resume";
  }
}

/**
 * What to announce (politely) when the list changes: finished, failed and duplicate
 * uploads since the last look, one sentence for the lot, so a folder of 300 photos is
 * not 300 announcements.
 */
export function announcement(
  before: readonly UploadItem[],
  after: readonly UploadItem[],
): string | undefined {
  const was = new Map(before.map((item) => [item.id, item.phase]));
  // A row restored after a reload already finished (or failed) before it: not news.
  const arrived = (phase: UploadPhase) =>
    after.filter(
      (item) =>
        item.phase === phase && was.get(item.id) !== phase && (was.has(item.id) || !item.restored),
    );
  const done = arrived("done");
  const failed = arrived("failed");
  const duplicates = arrived("duplicate");
  const refused = arrived("refused");
  const sentences: string[] = [];
  const one = (items: UploadItem[]) => (items.length === 1 ? items[0] : undefined);
  const [firstDone, firstDuplicate, firstFailed, firstRefused] = [
    one(done),
    one(duplicates),
    one(failed),
    one(refused),
  ];
  if (firstDone) sentences.push(`${firstDone.name} uploaded.`);
  else if (done.length > 1) sentences.push(`${done.length} files uploaded.`);
  if (firstDuplicate) sentences.push(`${firstDuplicate.name} is already in your library.`);
  else if (duplicates.length > 1) {
    sentences.push(`${duplicates.length} files are already in your library.`);
  }
  if (firstFailed) {
    sentences.push(`${firstFailed.name} failed to upload: ${firstFailed.message ?? ""}`.trim());
  } else if (failed.length > 1) sentences.push(`${failed.length} uploads failed.`);
  if (firstRefused)
    sentences.push(`${firstRefused.name} was not uploaded: ${firstRefused.message}`);
  else if (refused.length > 1) {
    sentences.push(`${refused.length} files were not uploaded: ${refused[0]?.message ?? ""}`);
  }
  const stillActive = after.some(isActive);
  if (sentences.length > 0 && !stillActive && before.some(isActive)) {
    sentences.push("All uploads finished.");
  }
  return sentences.length ? sentences.join(" ") : undefined;
}
