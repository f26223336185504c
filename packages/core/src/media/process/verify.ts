/**
 * The stored object checked against its item, before anything is made from it: its size is
 * the one declared, its first bytes are of the declared type, and its SHA-256 is the one the
 * client promised.
 * @module
 */
import { createHash } from "node:crypto";
import { type ObjectInfo, Storage } from "../../storage";
import type { MediaItem } from "../store";
import { Rejected } from "./errors";
import { matchesDeclared, SNIFF_BYTES, sniff } from "./sniff";
import { type HashOutcome, readAll, readParallel, readRange, sha256Of } from "./source";

/**
 * The largest object whose SHA-256 processing tries to compute itself. A Lambda reads S3 at
 * 100–300 MB/s with four ranged GETs in flight, so within Process's timeout (60 s, in
 * `core/queue.ts`) it hashes about 6–18 GB; the hash stops before the function would. Larger
 * objects, and any that time runs out on, are checked by size and type only, unless S3
 * recorded a full-object SHA-256 of its own (a single PUT that carried the checksum: S3
 * refuses bytes that do not match it), which is then compared.
 */
export const CHECKSUM_MAX_BYTES = 16 * 1024 ** 3;

/** How the checksum was checked: by S3, by hashing, or not (with why). */
export type ChecksumCheck = "none-promised" | "by-s3" | "hashed" | "too-large" | "out-of-time";

/** What verification found. */
export interface Verified {
  head: ObjectInfo;
  /** The type file-type saw in the first bytes. */
  detected: string;
  /**
   * The checksum's check, still running: the caller starts on the bytes meanwhile (decoding
   * overlaps hashing) and awaits this before anything is written. Rejects with
   * {@link Rejected} when the bytes are not the promised ones.
   */
  checked: Promise<ChecksumCheck>;
  /** The whole object, when the caller asked for it in memory: read once, not twice. */
  bytes?: Uint8Array;
}

const article = (type: string) => (/^[aeiou]/i.test(type) ? "an" : "a");

/** A type for people: `image/jpeg` → `JPEG image`. */
export function describeType(type: string): string {
  const [kind = "", sub = ""] = type.split("/");
  const name = sub === "quicktime" ? "QuickTime" : sub.replace(/^x-/, "").toUpperCase();
  return `${name} ${kind === "video" ? "video" : "image"}`;
}

/**
 * The stored object's HEAD and, for one of at most a known size, its bytes: requests sent at
 * once, before anything else is known (the item's lookup runs beside them), and given to
 * {@link verifyObject}, which uses what fits and {@link Fetch.drop drops} the rest.
 */
export interface Fetch {
  head: Promise<ObjectInfo | undefined>;
  /** Bytes 0 to `readSize` (one more than expected); a failed or dropped read answers `undefined`. */
  bytes?: Promise<Uint8Array | undefined>;
  /** The size the read was sized for (the S3 event's); undefined without a read. */
  readSize?: number;
  /** Stops the read (its GETs are aborted) and lets its bytes go; the HEAD stays. */
  drop(): void;
}

/**
 * Starts fetching the object at `key`: its HEAD, and, when `readSize` is given, the whole
 * object in parallel ranged GETs, for at most one byte more than that (an object larger than
 * its upload said is refused without being read whole).
 */
export function fetchObject(key: string, readSize?: number): Fetch {
  const aborted = new AbortController();
  const head = Storage.head(key);
  // Failures are read from the HEAD, or surface when awaited; none goes unhandled meanwhile.
  head.catch(() => undefined);
  return {
    head,
    ...(readSize === undefined
      ? {}
      : {
          readSize,
          // A short or failed read (the object is not what was declared) is told by the HEAD.
          bytes: readParallel(key, 0, readSize, aborted.signal).catch(() => undefined),
        }),
    drop: () => aborted.abort(),
  };
}

/**
 * Checks the object at `key` against `item`. Throws {@link Rejected} when it is not what
 * the upload promised; S3 errors pass through (the queue retries them). Hashing stops at
 * `hashDeadline` (epoch ms). With `inMemory` (a photo, which its decoder wants whole), the
 * object of at most that many bytes is read once, checked from memory and answered.
 * `started`, the object's fetch begun earlier ({@link fetchObject}), saves sending it again;
 * its read is used when it was sized for this item, and dropped when the bytes are not wanted.
 */
export async function verifyObject(
  item: MediaItem,
  key: string,
  hashDeadline: number,
  inMemory = 0,
  started?: Fetch,
): Promise<Verified> {
  const whole = item.size <= inMemory;
  const fetched = started ?? fetchObject(key, whole ? item.size : undefined);
  let reading = fetched.bytes;
  if (!whole || fetched.readSize !== item.size) {
    fetched.drop();
    reading = whole ? readParallel(key, 0, item.size).catch(() => undefined) : undefined;
  }
  const [head, read] = await Promise.all([fetched.head, reading]);
  if (!head) throw new Rejected("The uploaded file is missing. Upload it again.");
  if (head.size !== item.size) {
    throw new Rejected(
      `The file has ${head.size} bytes, not the ${item.size} its upload declared. Upload it again.`,
    );
  }
  // Replaced between the two requests (a second PUT to a URL still valid): read it again.
  const bytes = whole && read?.byteLength !== head.size ? await readAll(key) : read;
  const sniffEnd = Math.min(SNIFF_BYTES, head.size);
  const first = bytes ? bytes.subarray(0, sniffEnd) : await readRange(key, 0, sniffEnd - 1);
  const detected = await sniff(first);
  if (!detected || !matchesDeclared(item.contentType, detected)) {
    const declared = describeType(item.contentType);
    const looks = detected && describeType(detected);
    const seen = looks ? ` It looks like ${article(looks)} ${looks}.` : "";
    throw new Rejected(`The file is not ${article(declared)} ${declared}.${seen}`);
  }
  // On the next turn of the event loop: the caller starts decoding first (in libvips's
  // threads), and hashing on this thread runs beside it.
  const checked = nextTurn().then(() =>
    checkChecksum(item, head, () =>
      bytes
        ? { digest: createHash("sha256").update(bytes).digest("base64") }
        : sha256Of(key, head.size, hashDeadline),
    ),
  );
  // Awaited by the caller; a caller that failed first must not leave it unhandled.
  checked.catch(() => undefined);
  return { head, detected, checked, ...(bytes ? { bytes } : {}) };
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

const MISMATCH = "The file's bytes do not match the checksum sent with it. Upload it again.";

async function checkChecksum(
  item: MediaItem,
  head: ObjectInfo,
  hash: () => HashOutcome | Promise<HashOutcome>,
): Promise<ChecksumCheck> {
  if (!item.checksum) return "none-promised";
  // A multipart upload's checksum is one of its parts' checksums (`…-<parts>`), not the file's.
  const s3Whole = head.checksumSha256?.includes("-") ? undefined : head.checksumSha256;
  if (s3Whole) {
    if (s3Whole !== item.checksum) throw new Rejected(MISMATCH);
    return "by-s3";
  }
  if (head.size > CHECKSUM_MAX_BYTES) return "too-large";
  const outcome = await hash();
  if ("outOfTime" in outcome) return "out-of-time";
  if (outcome.digest !== item.checksum) throw new Rejected(MISMATCH);
  return "hashed";
}
