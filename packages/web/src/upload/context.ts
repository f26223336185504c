import type { MediaInfo } from "@sharespace/core/schema";
import { createContext, useContext, useEffect, useRef } from "react";
import type { UploadItem, UploadSummary } from "./state";

/** What pages use to start uploads and hear of finished ones. Stable across renders. */
export interface Uploads {
  /** Opens the file picker (photos and videos ShareSpace takes). */
  pickFiles(): void;
  /** Opens the folder picker: every photo and video inside, subfolders included. */
  pickFolder(): void;
  /** Uploads these files; others than photos and videos are refused with a message. */
  addFiles(files: Iterable<File> | ArrayLike<File>): void;
  /**
   * Calls `listener` with each item once its bytes are stored (status `processing`), so
   * the gallery can show it; answers how to stop listening.
   */
  onUploaded(listener: (media: MediaInfo) => void): () => void;
}

/** What the upload panel shows and does. Changes with every progress step. */
export interface UploadList {
  items: readonly UploadItem[];
  summary: UploadSummary;
  cancel(id: string): void;
  retry(id: string): void;
  dismiss(id: string): void;
  /** Takes every finished row (done, duplicate, failed, refused) off the list. */
  dismissFinished(): void;
  /** The page of an item in the library (the "already in your library" link). */
  mediaHref(id: string): string;
  /** Goes to a page of the app without reloading it. */
  navigate(href: string): void;
}

export const UploadsContext = createContext<Uploads | null>(null);
export const UploadListContext = createContext<UploadList | null>(null);

/** The uploader, for any component under `UploadProvider`. */
export function useUploads(): Uploads {
  const uploads = useContext(UploadsContext);
  if (!uploads) throw new Error("useUploads needs an UploadProvider above it");
  return uploads;
}

export function useUploadList(): UploadList {
  const list = useContext(UploadListContext);
  if (!list) throw new Error("useUploadList needs an UploadProvider above it");
  return list;
}

/** Runs `listener` for each item uploaded while the component is mounted. */
export function useOnUploaded(listener: (media: MediaInfo) => void) {
  const { onUploaded } = useUploads();
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => onUploaded((media) => latest.current(media)), [onUploaded]);
}
