import { limits } from "@sharespace/core/schema";

/** One presigned part URL, as `POST /api/media/{id}/upload/parts` answers it. */
export interface PartUrl {
  partNumber: number;
  url: string;
}

export interface PartSignerOptions {
  /** The upload's number of parts: nothing beyond it is signed. */
  partCount: number;
  /** Signs some parts (one API call). */
  sign(partNumbers: number[]): Promise<PartUrl[]>;
  /** Parts signed per call (the API takes at most 100). */
  batchSize?: number;
  /** How long a signed URL is used: well inside the API's 15 minutes. */
  maxAgeMs?: number;
  now?: () => number;
}

/** Hands out part URLs one at a time, signing them in batches ahead of need. */
export interface PartSigner {
  /**
   * A fresh URL for a part. Each URL is handed out once: a part sent again (after a
   * failure) gets a new one.
   */
  url(partNumber: number): Promise<string>;
  /** Parts S3 already holds (after a resume): never signed. */
  skip(partNumbers: Iterable<number>): void;
}

/** The API signs up to 100 parts a call; a few rounds of parallel parts is enough ahead. */
export const DEFAULT_BATCH = 24;
/** URLs live 15 minutes; one older than 10 is not started, so it never expires mid-part. */
export const DEFAULT_MAX_AGE_MS = (limits.media.uploadUrlSeconds - 5 * 60) * 1000;

/**
 * Uppy asks for one part URL at a time; asking the API once per part would double the
 * requests of an upload. The first ask for a part signs it together with the next parts
 * not yet signed, held or being signed; later asks are answered from that batch, and asks
 * for parts of a batch in flight wait for it.
 */
export function createPartSigner({
  partCount,
  sign,
  batchSize = DEFAULT_BATCH,
  maxAgeMs = DEFAULT_MAX_AGE_MS,
  now = Date.now,
}: PartSignerOptions): PartSigner {
  const size = Math.min(Math.max(1, batchSize), limits.media.partUrlsPerCall);
  const signed = new Map<number, { url: string; signedAt: number }>();
  const inFlight = new Map<number, Promise<void>>();
  const held = new Set<number>();

  const fresh = (partNumber: number) => {
    const entry = signed.get(partNumber);
    if (entry && now() - entry.signedAt < maxAgeMs) return entry;
    signed.delete(partNumber);
    return undefined;
  };

  const signFrom = (first: number) => {
    const batch: number[] = [];
    for (let n = first; n <= partCount && batch.length < size; n++) {
      if (n === first || (!held.has(n) && !inFlight.has(n) && !fresh(n))) batch.push(n);
    }
    const signedAt = now();
    const request = sign(batch).then((urls) => {
      for (const { partNumber, url } of urls) signed.set(partNumber, { url, signedAt });
    });
    const settled = request.finally(() => {
      for (const n of batch) if (inFlight.get(n) === settled) inFlight.delete(n);
    });
    for (const n of batch) inFlight.set(n, settled);
    return settled;
  };

  return {
    async url(partNumber) {
      if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > partCount) {
        throw new RangeError(`This upload has parts 1 to ${partCount}, not ${partNumber}.`);
      }
      // A batch may answer without this part (it was taken by a parallel ask meanwhile):
      // then ask again, a bounded number of times.
      for (let attempt = 0; attempt < 3; attempt++) {
        const entry = fresh(partNumber);
        if (entry) {
          signed.delete(partNumber);
          return entry.url;
        }
        await (inFlight.get(partNumber) ?? signFrom(partNumber));
      }
      throw new Error(`The API did not sign part ${partNumber}.`);
    },
    skip(partNumbers) {
      for (const n of partNumbers) {
        held.add(n);
        signed.delete(n);
      }
    },
  };
}
