/**
 * SHA-256 of a file, streamed: the file is read in slices and each slice fed to an
 * incremental hasher, so memory stays at one slice whatever the file's size (a 20 GB video
 * is never held in memory). Runs in the hashing worker; tests run it in Node.
 */

/** An incremental hasher (hash-wasm's `IHasher` has this shape). */
export interface IncrementalHash {
  init(): unknown;
  update(data: Uint8Array): unknown;
  digest(outputType: "binary"): Uint8Array;
}

export interface HashOptions {
  /** Bytes read at once. */
  sliceBytes?: number;
  /** Called after each slice with the bytes hashed so far. */
  onProgress?: (hashedBytes: number) => void;
  signal?: AbortSignal;
}

/** 8 MiB: large enough that per-call overhead vanishes, small enough to stay light. */
export const DEFAULT_SLICE_BYTES = 8 * 1024 * 1024;

/** Hashes `blob` slice by slice and answers the digest as base64 (what the API takes). */
export async function hashBlob(
  blob: Blob,
  hasher: IncrementalHash,
  { sliceBytes = DEFAULT_SLICE_BYTES, onProgress, signal }: HashOptions = {},
): Promise<string> {
  hasher.init();
  // Read the next slice while the current one is hashed: disk and CPU overlap.
  const read = (start: number) =>
    start < blob.size
      ? blob.slice(start, Math.min(start + sliceBytes, blob.size)).arrayBuffer()
      : undefined;
  let next = read(0);
  for (let start = 0; next; start += sliceBytes) {
    signal?.throwIfAborted();
    const bytes = new Uint8Array(await next);
    next = read(start + sliceBytes);
    hasher.update(bytes);
    onProgress?.(start + bytes.byteLength);
  }
  return toBase64(hasher.digest("binary"));
}

export function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}
