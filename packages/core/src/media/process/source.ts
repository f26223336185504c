/**
 * The stored object, read as processing needs it: its first bytes, all of it (images and
 * posters, which decoders want in memory), its SHA-256 in parallel ranged GETs, and ranged
 * reads with read-ahead for a container parser that seeks.
 * @module
 */
import { createHash } from "node:crypto";
import { Storage } from "../../storage";
import { clock } from "../../time";

/** Bytes per ranged GET while hashing, and how many are in flight at once. */
const HASH_CHUNK_BYTES = 8 * 1024 ** 2;
const HASH_PARALLEL = 4;

/** One byte range of the object, which must exist (it was just headed). */
export async function readRange(key: string, start: number, end: number): Promise<Uint8Array> {
  const bytes = await Storage.read(key, { start, end });
  if (!bytes) throw new Error(`${key} vanished while being read`);
  return bytes;
}

/** The whole object, in memory. */
export async function readAll(key: string): Promise<Uint8Array> {
  const bytes = await Storage.read(key);
  if (!bytes) throw new Error(`${key} vanished while being read`);
  return bytes;
}

/**
 * Bytes per ranged GET when an object is read whole in parallel, at the least: a photo of a
 * few megabytes still goes in several GETs (each pays its first byte's latency once, beside
 * the others).
 */
const READ_CHUNK_MIN_BYTES = 1024 ** 2;

/**
 * Bytes `start` to `end` (inclusive) of the object, in up to {@link HASH_PARALLEL} ranged GETs
 * at once: one connection to S3 carries far less than a function can take in. Each range is
 * copied into its place in one array as it arrives (one copy of the object, not three).
 * Answers what S3 holds of that range (less when the object is shorter); rejects if a read
 * fails or `signal` aborts.
 */
export async function readParallel(
  key: string,
  start: number,
  end: number,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  const length = end - start + 1;
  const count = Math.max(1, Math.min(HASH_PARALLEL, Math.floor(length / READ_CHUNK_MIN_BYTES)));
  const step = Math.ceil(length / count);
  // Not zero-filled: every byte answered is written before it is read, and only those are.
  const out = new Uint8Array(Buffer.allocUnsafeSlow(length).buffer, 0, length);
  const got = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const from = i * step;
      const to = Math.min(length, from + step);
      const read = await Storage.readInto(
        key,
        { start: start + from, end: start + to - 1 },
        out.subarray(from, to),
        signal,
      );
      if (read === undefined) throw new Error(`${key} vanished while being read`);
      return read;
    }),
  );
  let at = 0;
  for (const read of got) {
    at += read;
    // A short range before the last: the object is shorter than asked; what follows is not it.
    if (read < step) break;
  }
  return out.subarray(0, at);
}

/** What {@link sha256Of} found: the base64 digest, or that time ran out first. */
export type HashOutcome = { digest: string } | { outOfTime: true; hashedBytes: number };

/**
 * The base64 SHA-256 of an object of `size` bytes, fetched in ranges, {@link HASH_PARALLEL}
 * at a time, and hashed in order: memory stays at a few chunks whatever the size. Stops when
 * the clock passes `deadline` (epoch ms), so a slow read never outlives the function.
 */
export async function sha256Of(key: string, size: number, deadline: number): Promise<HashOutcome> {
  const hash = createHash("sha256");
  const inFlight: Promise<Uint8Array>[] = [];
  let next = 0;
  let hashed = 0;
  const fetchNext = () => {
    if (next >= size) return;
    const end = Math.min(next + HASH_CHUNK_BYTES, size) - 1;
    inFlight.push(readRange(key, next, end));
    next = end + 1;
  };
  for (let i = 0; i < HASH_PARALLEL; i++) fetchNext();
  while (inFlight.length > 0) {
    const chunk = await (inFlight.shift() as Promise<Uint8Array>);
    hash.update(chunk);
    hashed += chunk.byteLength;
    if (clock.now() > deadline && hashed < size) {
      await Promise.allSettled(inFlight);
      return { outOfTime: true, hashedBytes: hashed };
    }
    fetchNext();
  }
  return { digest: hash.digest("base64") };
}

/** Bytes fetched per ranged GET when a parser asks for less: few round trips, little waste. */
const READ_AHEAD_BYTES = 1024 ** 2;

/**
 * Reads for a parser that asks for `(length, offset)` chunks and seeks (a video's index may
 * sit at its end): each miss fetches at least {@link READ_AHEAD_BYTES} from there, and the
 * last window is kept. `bytesFetched` says how much of the object was read.
 */
export function rangeReader(key: string, size: number) {
  let window: { start: number; bytes: Uint8Array } | undefined;
  const reader = {
    bytesFetched: 0,
    async read(length: number, offset: number): Promise<Uint8Array> {
      if (offset >= size || length <= 0) return new Uint8Array(0);
      const end = Math.min(offset + length, size);
      if (!window || offset < window.start || end > window.start + window.bytes.byteLength) {
        const fetchEnd = Math.min(Math.max(end, offset + READ_AHEAD_BYTES), size);
        window = { start: offset, bytes: await readRange(key, offset, fetchEnd - 1) };
        reader.bytesFetched += window.bytes.byteLength;
      }
      return window.bytes.subarray(offset - window.start, end - window.start);
    },
  };
  return reader;
}
