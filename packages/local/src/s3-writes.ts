/**
 * PutObject and UploadPart on the local S3 endpoint, answered once the bytes are on disk.
 * s3rver answers when its MD5 has seen the last byte, while its file stream may still be
 * writing: an event, a GET, a ListParts or a completion's join that follows at once can then
 * read a short file (S3 answers a write only once it is durable). These write the same files
 * s3rver does (the object or the part, then its metadata or `.md5`), and answer after the file
 * stream has flushed and closed. The bytes go to a file of their own, renamed over the old one
 * when all are written, so a read meanwhile gets the old object whole, never half of the new
 * one, and a PUT cut short leaves the old one as it was (as on S3). A write that promised a
 * SHA-256 its bytes do not have is refused the same way, before the rename (`s3-checksum.ts`).
 * @module
 */
import { createHash, randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Readable } from "node:stream";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { checkSha256, fullObjectChecksum, promisedSha256 } from "./s3-checksum";
import type { S3rverStore } from "./s3-multipart";

/** What a write answers: the bytes' MD5 (hex, s3rver's ETag) and their count. */
type Written = { size: number; md5: string };
/** What is written: also the bytes' SHA-256 (base64), when one was promised. */
type Hashed = Written & { sha256?: string };

/** s3rver's object as its controllers hand it to the store. */
interface S3rverObject {
  bucket: string;
  key: string;
  content: Readable | Buffer;
  metadata: object;
}

/** The store's two writes of new bytes. */
interface S3rverWrites {
  putObject(object: S3rverObject): Promise<Written>;
  putPart(
    bucket: string,
    uploadId: string,
    partNumber: number,
    content: Readable,
  ): Promise<Written>;
}

/** Replaces `store`'s object and part writes with ones that answer once the file is written. */
export function answerWritesWhenWritten(store: S3rverStore): void {
  const writes = store as S3rverStore & S3rverWrites;
  writes.putObject = async ({ bucket, key, content, metadata }) => {
    const promised = promisedSha256(content);
    const path = store.getResourcePath(bucket, key, "object");
    const written = await writeBytes(content, path, promised);
    const kept = written.sha256 ? { ...metadata, ...fullObjectChecksum(written.sha256) } : metadata;
    await store.putMetadata(bucket, key, kept, written.md5);
    return written;
  };
  writes.putPart = async (bucket, uploadId, partNumber, content) => {
    const uploads = store.getResourcePath(bucket, undefined, "uploads");
    const path = join(uploads, uploadId, String(partNumber));
    const written = await writeBytes(content, path, promisedSha256(content));
    // Last, as s3rver does: a part with its `.md5` is a whole part (see `s3-multipart.ts`).
    await writeFile(`${path}.md5`, written.md5);
    return written;
  };
}

/**
 * Writes `content` to the file at `path`, replacing it whole; resolves once the file is
 * flushed and closed, with the bytes' size and MD5, and their SHA-256 when `promised` (which
 * they must match). Rejects, leaving `path` as it was, when `content` fails (a client that went
 * away mid-PUT) or does not match `promised`.
 */
async function writeBytes(
  content: Readable | Buffer,
  path: string,
  promised?: string,
): Promise<Hashed> {
  await mkdir(dirname(path), { recursive: true });
  // Not named like an object (s3rver lists files ending `._S3rver_object`) or a part.
  const writing = `${path}.${randomUUID()}.writing`;
  try {
    const written = await writeFileOf(content, writing, promised !== undefined);
    if (promised !== undefined) checkSha256(content, promised, written.sha256 ?? "");
    await rename(writing, path);
    return written;
  } catch (error) {
    await rm(writing, { force: true });
    throw error;
  }
}

/** Writes `content` to a new file at `path`, hashing it on the way (SHA-256 only if asked). */
async function writeFileOf(
  content: Readable | Buffer,
  path: string,
  withSha256: boolean,
): Promise<Hashed> {
  const md5 = createHash("md5");
  const sha256 = withSha256 ? createHash("sha256") : undefined;
  let size = 0;
  const hash = (chunk: Buffer) => {
    md5.update(chunk);
    sha256?.update(chunk);
    size += chunk.length;
  };
  if (Buffer.isBuffer(content)) {
    await writeFile(path, content);
    hash(content);
  } else {
    const measure = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hash(chunk);
        callback(null, chunk);
      },
    });
    // pipeline settles after the file stream's `finish` and `close`: every byte written.
    await pipeline(content, measure, createWriteStream(path));
  }
  return { size, md5: md5.digest("hex"), ...(sha256 ? { sha256: sha256.digest("base64") } : {}) };
}
