/**
 * The upload engine: Uppy (headless) with `@uppy/aws-s3` wired to ShareSpace's media API
 * and `@uppy/golden-retriever` for resuming after a reload. Loaded on demand (a dynamic
 * import), so pages that upload nothing never download it.
 *
 * Each file is its own Uppy upload, through three steps:
 * 1. prepare (a pre-processor): `POST /api/media`, which answers a presigned PUT or a
 *    multipart upload (above 64 MiB), or 409 `duplicate`. A file for a single PUT is hashed
 *    first (in a worker), so a duplicate costs no upload; a multipart one is hashed while
 *    its parts are sent, and its checksum goes with the completion (which may answer 409);
 * 2. send (the AwsS3 plugin): the PUT, or parts in parallel with URLs signed in batches;
 *    after a reload, the parts S3 already holds are listed and only the others are sent;
 *    a small file's PUT passes a large file's parts waiting for their turn;
 * 3. finish (a post-processor): a single PUT is completed, which answers 409 `duplicate`
 *    when another upload of the same bytes went live first; a video's poster frame,
 *    captured in the browser.
 */
import { limits, type MediaInfo } from "@sharespace/core/schema";
import AwsS3 from "@uppy/aws-s3";
import Uppy, { type UppyFile } from "@uppy/core";
import GoldenRetriever from "@uppy/golden-retriever";
import { isApiError, type UploadsApi } from "../api";
import { createBackgroundHashes } from "./background-hashes";
import { type Checksum, createChecksum } from "./checksum";
import { describeFailure, isUploadGone } from "./failure";
import { createFairQueue } from "./fair-queue";
import { createPartSigner, type PartSigner } from "./part-urls";
import { capturePoster } from "./poster";
import { combinedRate, createRateMeter, type RateMeter } from "./rate";
import { COMPLETE_RETRY_DELAYS, retrying } from "./retrying";
import { createSlots } from "./slots";
import { type FileRecord, type Ticket, toItem, type UploadItem, type UploadMeta } from "./state";

type Body = { media?: MediaInfo; location?: string };
type File_ = UppyFile<UploadMeta, Body>;

export interface EngineOptions {
  api: UploadsApi;
  /** Whose uploads: each account keeps its own list to resume. */
  userId: string;
  /** A finished upload's item (status `processing`): the gallery shows it. */
  onUploaded(media: MediaInfo): void;
  checksum?: Checksum;
  poster?: (file: Blob) => Promise<Blob | undefined>;
  now?: () => number;
  /** Requests to S3 at once, parts of one file and of several alike. */
  limit?: number;
}

/** A file the person chose, judged acceptable (`accept.ts`). */
export interface Pick {
  file: File;
  contentType: string;
}

export interface UploadEngine {
  add(picks: readonly Pick[]): void;
  cancel(id: string): Promise<void>;
  retry(id: string): void;
  /** Takes a finished row off the list. */
  dismiss(id: string): void;
  items(): readonly UploadItem[];
  /** The speed of all uploads together, bytes per second. */
  bytesPerSecond(): number | undefined;
  subscribe(listener: () => void): () => void;
  /** Stops sending, keeping what a resume needs (signing out, another account). */
  destroy(): void;
}

/** Files prepared (hashed and announced to the API) ahead of those being sent. */
const PREPARED_AHEAD = 8;
/** A presigned PUT this close to expiry is not started: the upload is announced again. */
const PUT_MARGIN_MS = 60_000;
/** How often the panel hears of progress. */
const NOTIFY_MS = 250;

const ticketOf = (upload: Awaited<ReturnType<UploadsApi["create"]>>["upload"]): Ticket =>
  "multipart" in upload
    ? { kind: "multipart", ...upload.multipart }
    : { kind: "put", url: upload.url, headers: upload.headers, expiresAt: upload.expiresAt };

/** Headers a page may not set (the browser sends the length itself, from the body). */
const forbidden = new Set(["content-length", "host", "connection", "expect"]);
const sendable = (headers: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(headers).filter(([name]) => !forbidden.has(name.toLowerCase())),
  );

export function createEngine({
  api,
  userId,
  onUploaded,
  checksum = createChecksum(),
  poster = capturePoster,
  now = Date.now,
  limit = 6,
}: EngineOptions): UploadEngine {
  const uppy = new Uppy<UploadMeta, Body>({
    id: `sharespace-uploads-${userId}`,
    autoProceed: false,
    allowMultipleUploadBatches: true,
    // Uppy logs failures to the console; the panel shows them to the person instead.
    logger: {
      debug: () => {},
      warn: () => {},
      error: (...args) => console.warn("[upload]", ...args),
    },
  });
  const listeners = new Set<() => void>();
  const ahead = createSlots(PREPARED_AHEAD);
  const preparing = new Map<string, AbortController>();
  const signers = new Map<string, PartSigner>();
  const rates = new Map<string, RateMeter>();
  const hashes = createBackgroundHashes(checksum, (id, sum) => setMeta(id, { checksum: sum }));
  let snapshot: readonly UploadItem[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;

  const file = (id: string): File_ | undefined => uppy.getFile(id) as File_ | undefined;
  const meta = (id: string) => file(id)?.meta;
  const setMeta = (id: string, patch: Partial<UploadMeta>) => {
    if (file(id)) uppy.setFileMeta(id, patch as UploadMeta);
  };
  const ticket = (id: string) => {
    const current = meta(id);
    if (!current?.mediaId || !current.ticket) throw new Error("This upload was not prepared.");
    return { mediaId: current.mediaId, ticket: current.ticket };
  };
  const multipart = (id: string) => {
    const { mediaId, ticket: t } = ticket(id);
    if (t.kind !== "multipart") throw new Error("This upload is a single PUT.");
    return { mediaId, ...t };
  };

  const refresh = () => {
    const at = now();
    snapshot = uppy
      .getFiles()
      .map((f) =>
        toItem(f as unknown as FileRecord, { bytesPerSecond: rates.get(f.id)?.bytesPerSecond(at) }),
      );
    for (const listener of listeners) listener();
  };
  const notify = () => {
    timer ??= setTimeout(() => {
      timer = undefined;
      refresh();
    }, NOTIFY_MS);
  };

  /**
   * Announces the file to the API. A single PUT's checksum goes first, so a duplicate costs
   * no upload; a multipart upload's is computed while its parts are sent (reading a large
   * file twice in a row would cost as long as the upload itself).
   */
  async function announce(id: string, signal: AbortSignal) {
    const current = file(id);
    if (!current?.data) throw new Error("The file's bytes are not here.");
    const data = current.data as File;
    const size = data.size;
    const multipartUpload = size > limits.media.singlePutMaxBytes;
    let sum = current.meta.checksum;
    if (!sum && multipartUpload) hashes.start(id, data);
    else if (!sum) {
      uppy.emit("preprocess-progress", current, {
        mode: "determinate",
        message: "checking",
        value: 0,
      });
      sum = await checksum(data, {
        signal,
        onProgress: (hashed) => {
          const latest = file(id);
          if (latest) {
            uppy.emit("preprocess-progress", latest, {
              mode: "determinate",
              message: "checking",
              value: size ? hashed / size : 1,
            });
          }
        },
      });
      setMeta(id, { checksum: sum });
    }
    signal.throwIfAborted();
    const created = await api.create({
      filename: current.meta.name,
      contentType: current.meta.type,
      size,
      ...(sum ? { checksum: sum } : {}),
      ...(data.lastModified ? { lastModified: new Date(data.lastModified).toISOString() } : {}),
    });
    if (!file(id) || signal.aborted) {
      // Cancelled while the API answered: nothing will be sent, so undo the reservation.
      await api.abort(created.media.id).catch(() => undefined);
      signal.throwIfAborted();
      return;
    }
    setMeta(id, { mediaId: created.media.id, ticket: ticketOf(created.upload) });
  }

  /** Step 1, for each file of an upload (one here): hash and announce. */
  const prepare = async (ids: string[]) => {
    await Promise.all(
      ids.map(async (id) => {
        const current = file(id);
        if (!current || current.meta.mediaId || current.meta.outcome || current.error) return;
        const controller = new AbortController();
        preparing.set(id, controller);
        try {
          uppy.emit("preprocess-progress", current, { mode: "indeterminate", message: "waiting" });
          await ahead.acquire(id, controller.signal);
          await announce(id, controller.signal);
        } catch (error) {
          ahead.release(id);
          const latest = file(id);
          if (!latest || controller.signal.aborted) return;
          if (isApiError(error, "duplicate")) {
            setMeta(id, { outcome: "duplicate", existingId: error.mediaId });
            uppy.setFileState(id, {
              progress: {
                ...latest.progress,
                uploadStarted: latest.progress.uploadStarted ?? now(),
                uploadComplete: true,
                complete: true,
                percentage: 100,
                bytesUploaded: latest.size ?? 0,
              },
            } as Partial<File_>);
          } else {
            uppy.emit(
              "upload-error",
              latest,
              error instanceof Error ? error : new Error(String(error)),
            );
          }
        } finally {
          preparing.delete(id);
          const latest = file(id);
          if (latest) uppy.emit("preprocess-complete", latest);
        }
      }),
    );
  };

  /**
   * Step 3: a single PUT is completed (the API answers the item, or that these bytes are in
   * the library already: another upload of them went live first), then a video's poster
   * frame. Neither failure fails the upload: the API learns of the PUT from S3 as well.
   */
  const finish = async (ids: string[]) => {
    for (const id of ids) {
      const current = file(id);
      const mediaId = current?.meta.mediaId;
      if (!current || !mediaId || current.error || current.meta.outcome) continue;
      if (!current.progress.uploadComplete) continue;
      if (current.meta.ticket?.kind === "put") {
        uppy.emit("postprocess-progress", current, {
          mode: "indeterminate",
          message: "completing",
        });
        await completePut(id, mediaId, current.meta.checksum);
      }
      const latest = file(id);
      if (latest?.type.startsWith("video/") && latest.data && !latest.meta.outcome) {
        uppy.emit("postprocess-progress", latest, { mode: "indeterminate", message: "poster" });
        await sendPoster(mediaId, latest.data as Blob).catch((error: unknown) =>
          console.warn("[upload] no poster frame:", error),
        );
      }
      const done = file(id);
      if (done) uppy.emit("postprocess-complete", done);
    }
  };

  async function completePut(id: string, mediaId: string, checksum: string | undefined) {
    try {
      const { media } = await retrying(() => api.complete(mediaId, checksum ? { checksum } : {}));
      onUploaded(media);
    } catch (error) {
      if (isApiError(error, "duplicate")) {
        setMeta(id, { outcome: "duplicate", existingId: error.mediaId, mediaId: undefined });
        return;
      }
      // Process moves it on from S3's event all the same: show the item as it is now.
      console.warn("[upload] completing the upload:", error);
      await api.get(mediaId).then(
        ({ media }) => onUploaded(media),
        () => undefined,
      );
    }
  }

  async function sendPoster(mediaId: string, data: Blob) {
    const frame = await poster(data);
    if (!frame) return;
    const { upload } = await api.poster(mediaId, {
      contentType: frame.type === "image/webp" ? "image/webp" : "image/jpeg",
      size: frame.size,
    });
    const response = await fetch(upload.url, {
      method: "PUT",
      headers: sendable(upload.headers),
      body: frame,
    });
    if (!response.ok) throw new Error(`S3 answered ${response.status} to the poster frame`);
  }

  /** The signer of an upload's part URLs, one per upload, kept while it runs. */
  const signerOf = (id: string) => {
    const { mediaId, partCount } = multipart(id);
    let signer = signers.get(mediaId);
    if (!signer) {
      signer = createPartSigner({
        partCount,
        now,
        sign: async (partNumbers) =>
          (await retrying(() => api.signParts(mediaId, partNumbers))).parts,
      });
      signers.set(mediaId, signer);
    }
    return signer;
  };

  /** A PUT URL about to expire (a long wait, a reload): announce the file again. */
  async function freshPut(id: string) {
    const { mediaId, ticket: t } = ticket(id);
    if (t.kind !== "put") throw new Error("This upload is multipart.");
    if (Date.parse(t.expiresAt) - now() > PUT_MARGIN_MS) return t;
    await api.abort(mediaId).catch(() => undefined);
    setMeta(id, { mediaId: undefined, ticket: undefined });
    await announce(id, new AbortController().signal);
    const renewed = ticket(id).ticket;
    if (renewed.kind !== "put") throw new Error("The API changed how to send this file.");
    return renewed;
  }

  async function getUploadParameters(f: File_) {
    const t = await freshPut(f.id);
    return { method: "PUT" as const, url: t.url, headers: sendable(t.headers) };
  }

  uppy.addPreProcessor(prepare);
  uppy.use(AwsS3<UploadMeta, Body>, {
    limit,
    // Small files pass a large file's parts (`fair-queue.ts`). The plugin takes its queue
    // from this option, which its types leave out.
    ...({ rateLimitedQueue: createFairQueue(limit, getUploadParameters) } as object),
    // Errors are retried by the engine's own Retry; Uppy's retries cover passing failures.
    retryDelays: [0, 1000, 3000, 5000],
    shouldUseMultipart: (f) => f.meta.ticket?.kind === "multipart",
    // Uppy passes the bytes, not the file: find whose they are to read its part size.
    getChunkSize: (data) => {
      const owner = uppy.getFiles().find((f) => f.data === data);
      const t = owner?.meta.ticket;
      return t?.kind === "multipart" ? t.partSize : data.size;
    },
    getUploadParameters,
    createMultipartUpload: (f) => {
      const { mediaId, uploadId } = multipart(f.id);
      return { uploadId, key: mediaId };
    },
    async signPart(f, { partNumber }) {
      return { method: "PUT", url: await signerOf(f.id).url(partNumber) };
    },
    async listParts(f) {
      const { mediaId } = multipart(f.id);
      const { parts } = await retrying(() => api.listParts(mediaId));
      signerOf(f.id).skip(parts.map((part) => part.partNumber));
      return parts.map((part) => ({
        PartNumber: part.partNumber,
        ETag: part.etag,
        Size: part.size,
      }));
    },
    async completeMultipartUpload(f, { parts }) {
      const { mediaId } = multipart(f.id);
      const listed = parts.map((part) => ({
        partNumber: part.PartNumber as number,
        etag: part.ETag as string,
      }));
      // Hashed while the parts went up (or now, after a reload that lost the running hash).
      const checksum = meta(f.id)?.checksum ?? (await hashes.result(f.id, f.data as Blob));
      // Thousands of parts do not fit a request: the API then completes with what S3 holds,
      // after checking it covers the whole file. Completing is idempotent, and joining a
      // large file's parts can outlast one request (S3 may take minutes): a 503 is tried
      // again, for longer than other calls.
      const withParts = { parts: listed, checksum };
      const body = fitsRequest(withParts) ? withParts : { checksum };
      try {
        const { media } = await retrying(() => api.complete(mediaId, body), {
          delays: COMPLETE_RETRY_DELAYS,
        });
        return { location: "", media };
      } catch (error) {
        if (!isApiError(error, "duplicate")) throw error;
        // The bytes are in the library already: the API removed this upload.
        setMeta(f.id, { outcome: "duplicate", existingId: error.mediaId, mediaId: undefined });
        return { location: "" };
      } finally {
        signers.delete(mediaId);
      }
    },
    // Uppy calls this on a cancel and also after a failed part. A failed upload must stay
    // resumable (Retry sends only the missing parts), so the engine aborts uploads itself,
    // on cancel only; uploads abandoned otherwise are swept by the API within a day.
    abortMultipartUpload: () => undefined,
  });
  uppy.addPostProcessor(finish);
  uppy.use(GoldenRetriever<UploadMeta, Body>, { id: "GoldenRetriever" });

  uppy.on("upload-progress", (f, progress) => {
    if (!f) return;
    const at = now();
    const bytes = progress.bytesUploaded || 0;
    const meter = rates.get(f.id) ?? createRateMeter();
    rates.set(f.id, meter);
    meter.sample(bytes, at);
  });
  uppy.on("upload-success", (f, response) => {
    if (!f) return;
    ahead.release(f.id);
    rates.delete(f.id);
    hashes.cancel(f.id);
    if (meta(f.id)?.outcome === "duplicate") return;
    // A multipart upload's item came with its completion; a single PUT's comes when it is
    // completed (`finish`).
    const media = response.body?.media;
    if (media) onUploaded(media);
  });
  uppy.on("upload-error", (f, error) => {
    if (!f) return;
    ahead.release(f.id);
    rates.delete(f.id);
    setMeta(f.id, {
      failure: describeFailure(error),
      // An upload the API no longer has cannot resume: Retry starts it over.
      ...(isUploadGone(error) ? { mediaId: undefined, ticket: undefined } : {}),
    });
  });
  uppy.on("file-removed", (f) => {
    ahead.release(f.id);
    rates.delete(f.id);
    hashes.cancel(f.id);
    preparing.get(f.id)?.abort();
  });
  uppy.on("state-update", notify);

  // After a reload: Golden Retriever brings back the files (the bytes of small ones too) and
  // their uploads; each upload whose bytes are here carries on, the others wait for their
  // file to be chosen again (`add`).
  uppy.on("restored", () => {
    uppy.setState({ recoveredState: null });
    for (const uploadId of Object.keys(uppy.getState().currentUploads)) resumeUpload(uploadId);
    refresh();
  });

  const resumeUpload = (uploadId: string) => {
    const upload = uppy.getState().currentUploads[uploadId];
    if (!upload) return;
    const files = upload.fileIDs.map(file);
    if (files.some((f) => !f || f.isGhost)) return;
    for (const f of files) if (f) restoreMultipart(f.id);
    uppy.restore(uploadId).catch((error: unknown) => console.warn("[upload]", error));
  };

  /** Tells Uppy an upload exists, so it lists the parts S3 holds before sending any. */
  const restoreMultipart = (id: string) => {
    const current = file(id);
    const t = current?.meta.ticket;
    if (current?.meta.mediaId && t?.kind === "multipart") {
      // `s3Multipart` is the AwsS3 plugin's own field of a file's state.
      uppy.setFileState(id, {
        s3Multipart: { key: current.meta.mediaId, uploadId: t.uploadId },
      } as Partial<File_>);
      // The hash a reload stopped starts again beside the remaining parts.
      if (!current.meta.checksum && current.data && !current.isGhost) {
        hashes.start(id, current.data as Blob);
      }
    }
  };

  /** Starts one file as an upload of its own (Uppy's `retryUpload` runs a batch of one). */
  const start = (id: string) => {
    uppy.retryUpload(id).catch((error: unknown) => console.warn("[upload]", error));
  };

  refresh();

  return {
    add(picks) {
      for (const { file: data, contentType } of picks) {
        const ghosts = new Set(uppy.getFiles().flatMap((f) => (f.isGhost ? [f.id] : [])));
        const descriptor = { name: data.name, type: contentType, data, source: "local" };
        let id: string;
        try {
          id = uppy.addFile(descriptor);
        } catch (error) {
          // Uppy refuses a file already on the list. Chosen again after it finished, it
          // starts afresh (the API then says whether it is in the library); while it is
          // still in flight, choosing it again changes nothing.
          const known = (error as { file?: { id?: string } }).file?.id;
          const existing = known ? file(known) : undefined;
          if (!existing || !(existing.progress.complete || existing.error)) continue;
          uppy.removeFile(existing.id);
          id = uppy.addFile(descriptor);
        }
        if (ghosts.has(id)) {
          // The bytes of a file restored without them: its upload carries on.
          const upload = Object.entries(uppy.getState().currentUploads).find(([, u]) =>
            u.fileIDs.includes(id),
          );
          if (upload && !file(id)?.error) {
            resumeUpload(upload[0]);
            continue;
          }
          setMeta(id, { failure: undefined });
          restoreMultipart(id);
        }
        start(id);
      }
    },
    async cancel(id) {
      const current = file(id);
      if (!current) return;
      const { mediaId } = current.meta;
      const finished = current.progress.uploadComplete;
      preparing.get(id)?.abort();
      uppy.removeFile(id);
      if (mediaId) signers.delete(mediaId);
      if (mediaId && !finished) {
        await api.abort(mediaId).catch(() => undefined);
      }
    },
    retry(id) {
      const current = file(id);
      if (!current?.error) return;
      setMeta(id, { failure: undefined });
      restoreMultipart(id);
      start(id);
    },
    dismiss(id) {
      if (file(id)) uppy.removeFile(id);
    },
    items: () => snapshot,
    bytesPerSecond: () => combinedRate(rates.values(), now()),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    destroy() {
      clearTimeout(timer);
      listeners.clear();
      for (const controller of preparing.values()) controller.abort();
      hashes.clear();
      // Golden Retriever goes first: Uppy's own teardown removes every file, and the saved
      // state must keep them for the next visit.
      const plugin = uppy.getPlugin("GoldenRetriever");
      if (plugin) uppy.removePlugin(plugin);
      uppy.destroy();
    },
  };
}

/** Whether a completion's body fits a request (ETags are ASCII: chars are bytes). */
function fitsRequest(body: { parts: readonly { partNumber: number; etag: string }[] }) {
  return JSON.stringify(body).length < limits.maxJsonBodyBytes;
}
