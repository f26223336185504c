/**
 * SHA-256 checksums on the local S3 endpoint, kept as S3 keeps them. A PutObject or UploadPart
 * carrying `x-amz-checksum-sha256` is refused with 400 `BadDigest` when its bytes do not
 * match, and nothing is stored; s3rver ignored the header, so locally a corrupted upload was
 * stored and only Process noticed. A matching write answers the checksum, and an object's is
 * kept in its metadata file, so HEAD and GET answer it when asked (`x-amz-checksum-mode:
 * ENABLED`), with `x-amz-checksum-type: FULL_OBJECT`; a later write without one clears it.
 * (S3 User Guide, "Checking object integrity in Amazon S3"; PutObject, UploadPart, HeadObject
 * and GetObject in the S3 API Reference.) The bytes are hashed as they are written, in
 * `s3-writes.ts`, which calls {@link promisedSha256} and {@link checkSha256}.
 * @module
 */
import { readFile, writeFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createRequire } from "node:module";
import type { Readable } from "node:stream";
import type { S3rverStore } from "./s3-multipart";

const SHA256 = "x-amz-checksum-sha256";
const TYPE = "x-amz-checksum-type";
const MODE = "x-amz-checksum-mode";

/** s3rver's error, which its error handler renders as S3's XML with the code's status. */
const S3Error = createRequire(import.meta.url)("s3rver/lib/models/error") as new (
  code: string,
  message: string,
) => Error;

/** The requests whose promised checksum matched their bytes, with it: for their answer. */
const verified = new WeakMap<object, string>();

/**
 * The base64 SHA-256 a write's request promised, if any. Throws S3's `InvalidRequest` for a
 * value that is not the base64 of 32 bytes, as S3 does, before any byte is stored.
 */
export function promisedSha256(content: Readable | Buffer): string | undefined {
  const value = (content as Partial<IncomingMessage>).headers?.[SHA256];
  if (value === undefined) return undefined;
  if (typeof value !== "string" || !/^[A-Za-z0-9+/]{43}=$/.test(value)) {
    (content as Readable).resume(); // its bytes are not wanted
    throw new S3Error("InvalidRequest", `Value for ${SHA256} header is invalid.`);
  }
  return value;
}

/**
 * Throws S3's `BadDigest` unless `digest`, the written bytes' own, is `promised`; on a match,
 * the request's answer will carry it (see {@link answerChecksums}).
 */
export function checkSha256(content: Readable | Buffer, promised: string, digest: string): void {
  if (digest !== promised) {
    throw new S3Error(
      "BadDigest",
      "The SHA256 you specified did not match the calculated checksum.",
    );
  }
  verified.set(content, digest);
}

/** The metadata that records an object's checksum, written beside s3rver's own. */
export const fullObjectChecksum = (sha256: string) => ({ [SHA256]: sha256, [TYPE]: "FULL_OBJECT" });

/**
 * Makes `store` keep an object's checksum in its metadata file (s3rver's `putMetadata` keeps
 * only the headers it knows), and hand it to HEAD and GET of the whole object, which answer it
 * only when asked (see {@link answerChecksums}). Every write of an object rewrites its metadata
 * file, so one without a checksum clears the old one.
 */
export function keepChecksums(store: S3rverStore): void {
  const put = store.putMetadata.bind(store);
  store.putMetadata = async (bucket, key, metadata, md5) => {
    await put(bucket, key, metadata, md5);
    const kept = checksumsOf(metadata);
    if (!kept) return;
    const path = store.getResourcePath(bucket, key, "metadata.json");
    const written = JSON.parse(await readFile(path, "utf8")) as object;
    await writeFile(path, JSON.stringify({ ...written, ...kept }, null, 2));
  };
  const get = store.getObject.bind(store);
  store.getObject = async (bucket, key, options) => {
    const object = await get(bucket, key, options);
    // A range is answered without the whole object's checksum (see `answerChecksums`).
    if (!object || options?.start !== undefined) return object;
    const path = store.getResourcePath(bucket, key, "metadata.json");
    const stored = await readFile(path, "utf8").then(JSON.parse, () => undefined);
    Object.assign(object.metadata, checksumsOf(stored));
    return object;
  };
}

/** The checksum `metadata` records (only a whole object's is ever kept), if any. */
function checksumsOf(metadata: unknown): Record<string, string> | undefined {
  const sha256 = (metadata as Record<string, unknown> | undefined)?.[SHA256];
  return typeof sha256 === "string" ? fullObjectChecksum(sha256) : undefined;
}

/**
 * Adds to, or takes from, `res`'s headers what S3 answers about checksums: a verified write's
 * checksum (with `FULL_OBJECT` for a PutObject), and an object's on a HEAD or a whole GET only
 * when the request enabled checksum mode. Headers are settled as they are sent, since s3rver
 * (Koa) sets its own until then.
 */
export function answerChecksums(req: IncomingMessage, res: ServerResponse): void {
  const send = res.writeHead;
  const asked = String(req.headers[MODE]).toUpperCase() === "ENABLED";
  const isRead = req.method === "GET" || req.method === "HEAD";
  res.writeHead = function (this: ServerResponse, ...args: Parameters<typeof send>) {
    const status = args[0];
    const sha256 = verified.get(req);
    if (isRead && !(asked && status === 200)) {
      res.removeHeader(SHA256);
      res.removeHeader(TYPE);
    } else if (req.method === "PUT" && sha256 && status === 200) {
      res.setHeader(SHA256, sha256);
      if (!new URL(req.url ?? "/", "http://s3").searchParams.has("partNumber")) {
        res.setHeader(TYPE, "FULL_OBJECT");
      }
    }
    return send.apply(this, args);
  } as typeof send;
}
