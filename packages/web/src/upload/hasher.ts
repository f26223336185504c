/**
 * SHA-256 of a file, streamed: the file is read piece by piece and each piece fed to an
 * incremental hasher, so memory stays at one buffer whatever the file's size (a 20 GB video
 * is never held in memory). Runs in the hashing worker; tests run it in Node.
 *
 * The bytes come through the file's byte stream into one buffer that every read reuses (a
 * BYOB reader). Reading slices instead (`slice().arrayBuffer()`, a new buffer and a new
 * read each time) cost Chromium about three times the CPU of the hash itself: for 1 GiB,
 * ~14 CPU-seconds between the page's and the browser's processes against ~5.5 this way,
 * which on two cores was time taken from the upload beside it. Where a file's stream is not
 * a byte stream (older Safari), slices it is.
 */

/** An incremental hasher (hash-wasm's `IHasher` has this shape). */
export interface IncrementalHash {
  init(): unknown;
  update(data: Uint8Array): unknown;
  digest(outputType: "binary"): Uint8Array;
}

export interface HashOptions {
  /** Bytes read at once at most: the size of the buffer (or slice) read into. */
  sliceBytes?: number;
  /** Called with the bytes hashed so far, after each `sliceBytes` and at the end. */
  onProgress?: (hashedBytes: number) => void;
  signal?: AbortSignal;
}

/** 8 MiB: large enough that per-read overhead vanishes, small enough to stay light. */
export const DEFAULT_SLICE_BYTES = 8 * 1024 * 1024;

/** Hashes `blob` piece by piece and answers the digest as base64 (what the API takes). */
export async function hashBlob(
  blob: Blob,
  hasher: IncrementalHash,
  { sliceBytes = DEFAULT_SLICE_BYTES, onProgress, signal }: HashOptions = {},
): Promise<string> {
  hasher.init();
  const reader = byteReader(blob);
  const read = reader ? fromStream(reader, sliceBytes) : fromSlices(blob, sliceBytes);
  let hashed = 0;
  let reported = 0;
  for await (const bytes of read) {
    signal?.throwIfAborted();
    hasher.update(bytes);
    hashed += bytes.byteLength;
    // Once per `sliceBytes`, whatever the size of the pieces the stream hands over.
    if (Math.floor(hashed / sliceBytes) > Math.floor(reported / sliceBytes)) {
      reported = hashed;
      onProgress?.(hashed);
    }
  }
  signal?.throwIfAborted();
  if (reported !== hashed) onProgress?.(hashed);
  return toBase64(hasher.digest("binary"));
}

/** A BYOB reader of the file's bytes, or `undefined` where its stream is not a byte stream. */
function byteReader(blob: Blob): ReadableStreamBYOBReader | undefined {
  try {
    return blob.stream().getReader({ mode: "byob" });
  } catch {
    return undefined;
  }
}

/** The file's bytes through one reused buffer: each view is valid until the next is asked for. */
async function* fromStream(reader: ReadableStreamBYOBReader, bufferBytes: number) {
  let buffer = new ArrayBuffer(bufferBytes);
  let done = false;
  try {
    while (!done) {
      const next = await reader.read(new Uint8Array(buffer));
      done = next.done;
      if (!next.value) break;
      if (next.value.byteLength) yield next.value;
      // The read took the buffer over (transferred it): its view hands it back.
      buffer = next.value.buffer as ArrayBuffer;
    }
  } finally {
    // Stopped early (aborted, failed): let go of the file.
    if (!done) await reader.cancel().catch(() => undefined);
  }
}

/** The file's bytes as slices, the next one read while the current one is hashed. */
async function* fromSlices(blob: Blob, sliceBytes: number) {
  const read = (start: number) =>
    start < blob.size
      ? blob.slice(start, Math.min(start + sliceBytes, blob.size)).arrayBuffer()
      : undefined;
  let next = read(0);
  for (let start = 0; next; start += sliceBytes) {
    const bytes = new Uint8Array(await next);
    next = read(start + sliceBytes);
    yield bytes;
  }
}

export function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}
