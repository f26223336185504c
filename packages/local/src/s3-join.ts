/**
 * CompleteMultipartUpload on the local S3 endpoint, answered as S3 answers it: at once. S3
 * joins parts without moving their bytes; s3rver read every byte back through an MD5 and
 * wrote it again before answering (for 1 GiB, 7 s on two cores: most of what a large upload
 * cost beyond its PUTs, and a completion the API gave up waiting for). Here the answer, its
 * ETag (S3's own for a multipart object: the MD5 of the parts' MD5s, a dash, the count) and
 * its size come from the parts' records; the bytes are joined behind it, into a file renamed
 * onto the object at the end, and every request for that object (or for the whole bucket: a
 * listing, a batch delete) waits until they are, so nobody reads a missing or half-joined
 * object, and nothing deleted meanwhile comes back with the rename.
 * @module
 */
import { createHash } from "node:crypto";
import { copyFile, mkdir, open, readFile, rename, rm, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { S3rverStore } from "./s3-multipart";

/** How much of a part is copied at a time. */
const COPY_CHUNK = 8 * 1024 * 1024;

/** What a join answers: the object's ETag (without quotes) and size. */
type Joined = { md5: string; size: number };

/** The joins in flight, for requests that must wait for one. */
export interface Joins {
  /**
   * Resolves once no join is writing `bucket`/`key`, or with no key (a listing, a batch
   * delete) any object of `bucket`; at once when none is.
   */
  settled(bucket: string, key?: string): Promise<void>;
  /** Resolves once no join is running at all (before the endpoint's files are removed). */
  idle(): Promise<void>;
}

/** Replaces `store`'s join with one that answers before it copies (see above). */
export function answerJoinsAtOnce(store: S3rverStore): Joins {
  /** By upload: a completion sent again while its bytes are joined gets the same answer. */
  const byUpload = new Map<string, Promise<Joined>>();
  /** By object: what its requests wait for. */
  const byObject = new Map<string, Promise<void>>();

  store.putObjectMultipart = (bucket, uploadId, parts) => {
    const id = `${bucket}/${uploadId}`;
    let answer = byUpload.get(id);
    if (!answer) {
      answer = start(
        bucket,
        uploadId,
        parts.map((part) => part.number),
      ).then(({ key, joined, copying }) => {
        const object = `${bucket}/${key}`;
        // Settles either way: a failed join (logged below) must not hold its object's
        // requests forever, nor leave a rejection nobody handles.
        const done = copying
          .catch(() => undefined)
          .finally(() => {
            byUpload.delete(id);
            if (byObject.get(object) === done) byObject.delete(object);
          });
        byObject.set(object, done);
        return joined;
      });
      answer.catch(() => byUpload.delete(id));
      byUpload.set(id, answer);
    }
    return answer;
  };

  /** Reads the upload's records, and starts copying its parts. */
  async function start(bucket: string, uploadId: string, unsorted: number[]) {
    const directory = join(store.getResourcePath(bucket, undefined, "uploads"), uploadId);
    const numbers = [...unsorted].sort((a, b) => a - b);
    const parts = numbers.map((n) => join(directory, String(n)));
    const [key, metadata, md5s, sizes] = await Promise.all([
      readFile(join(directory, "key"), "utf8"),
      readFile(join(directory, "metadata"), "utf8").then(JSON.parse),
      Promise.all(numbers.map((n) => readFile(join(directory, `${n}.md5`), "utf8"))),
      Promise.all(parts.map(async (path) => (await stat(path)).size)),
    ]);
    if (!parts.length) throw new Error("A multipart upload needs at least one part.");
    const digest = createHash("md5");
    for (const md5 of md5s) digest.update(Buffer.from(md5.trim(), "hex"));
    const joined = {
      md5: `${digest.digest("hex")}-${numbers.length}`,
      size: sizes.reduce((sum, size) => sum + size, 0),
    };
    const copying = (async () => {
      const into = join(directory, "joined");
      await concatenate(parts, into);
      const objectPath = store.getResourcePath(bucket, key, "object");
      await mkdir(dirname(objectPath), { recursive: true });
      await rename(into, objectPath);
      await store.putMetadata(
        bucket,
        key,
        { "content-type": "binary/octet-stream", ...metadata, "content-length": joined.size },
        joined.md5,
      );
      await rm(directory, { recursive: true, force: true });
    })();
    copying.catch((error: unknown) => console.error(`Joining ${key} failed:`, error));
    return { key, joined, copying };
  }

  return {
    settled: async (bucket, key) => {
      if (key !== undefined) return byObject.get(`${bucket}/${key}`);
      const prefix = `${bucket}/`;
      await Promise.all(
        [...byObject].flatMap(([id, done]) => (id.startsWith(prefix) ? [done] : [])),
      );
    },
    idle: async () => {
      while (byObject.size) await Promise.all(byObject.values());
    },
  };
}

/** Writes the files at `parts`, in order, into a new file at `into`. */
async function concatenate([first, ...rest]: string[], into: string): Promise<void> {
  if (!first) return;
  await copyFile(first, into); // in the kernel, where the filesystem can
  const out = await open(into, "a");
  const buffer = Buffer.allocUnsafe(COPY_CHUNK);
  try {
    for (const path of rest) {
      const source = await open(path, "r");
      try {
        for (;;) {
          const { bytesRead } = await source.read(buffer, 0, COPY_CHUNK, null);
          if (!bytesRead) break;
          await out.write(buffer, 0, bytesRead);
        }
      } finally {
        await source.close();
      }
    }
  } finally {
    await out.close();
  }
}
