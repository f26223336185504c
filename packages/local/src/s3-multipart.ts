/**
 * The two multipart operations s3rver leaves out, served from s3rver's own upload
 * directory: `ListParts` (GET `/{bucket}/{key}?uploadId=`), which a client resumes an
 * interrupted upload from, and `AbortMultipartUpload` (DELETE, same address). s3rver keeps
 * an upload's parts as files named by part number, each with an `.md5` beside it once
 * written completely, and the upload's key in a file `key`.
 * @module
 */
import { readdir, readFile, rm, stat } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join } from "node:path";

/** s3rver's filesystem store, the methods of it the local endpoint uses. */
export interface S3rverStore {
  getResourcePath(bucket: string, key: string | undefined, resource: string): string;
  /** Joins an upload's parts into its object (CompleteMultipartUpload). */
  putObjectMultipart(
    bucket: string,
    uploadId: string,
    parts: readonly { number: number; etag: string }[],
  ): Promise<{ md5: string; size: number }>;
  /** Writes an object's metadata and the ETag that HEAD and GET answer. */
  putMetadata(bucket: string, key: string, metadata: object, md5: string): Promise<void>;
  /** An object (its metadata, its bytes or a range of them) for HEAD and GET. */
  getObject(
    bucket: string,
    key: string,
    options?: { start?: number; end?: number },
  ): Promise<{ metadata: Record<string, unknown> } | undefined>;
}

/** True for the requests {@link serveMultipartExtras} answers. */
export function isMultipartExtra(method: string | undefined, url: URL): boolean {
  if (!url.searchParams.has("uploadId") || url.searchParams.has("partNumber")) return false;
  return method === "GET" || method === "DELETE";
}

/** True for CompleteMultipartUpload (POST `/{bucket}/{key}?uploadId=`). */
export const isCompletion = (method: string | undefined, url: URL) =>
  method === "POST" && url.searchParams.has("uploadId");

/** The upload `url` names, if s3rver holds it for that key. */
async function findUpload(store: S3rverStore, url: URL) {
  const [, bucket = "", ...rest] = url.pathname.split("/");
  const key = decodeURIComponent(rest.join("/"));
  const uploadId = url.searchParams.get("uploadId") ?? "";
  const directory = join(store.getResourcePath(bucket, undefined, "uploads"), uploadId);
  const storedKey = /^[0-9a-f]+$/.test(uploadId)
    ? await readFile(join(directory, "key"), "utf8").catch(() => undefined)
    : undefined;
  return { bucket, key, uploadId, directory, known: storedKey === key };
}

/**
 * Answers NoSuchUpload, as S3 does, to the completion of an upload that is not there (already
 * completed, or aborted), where s3rver fails with a 500. True when it answered.
 */
export async function refuseUnknownCompletion(
  store: S3rverStore,
  res: ServerResponse,
  url: URL,
): Promise<boolean> {
  const { known, uploadId } = await findUpload(store, url);
  if (!known)
    send(res, 404, error("NoSuchUpload", "The specified upload does not exist.", uploadId));
  return !known;
}

/** Answers ListParts or AbortMultipartUpload as S3 does, errors included. */
export async function serveMultipartExtras(
  store: S3rverStore,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const { bucket, key, uploadId, directory, known } = await findUpload(store, url);
  if (!known) {
    return send(res, 404, error("NoSuchUpload", "The specified upload does not exist.", uploadId));
  }
  if (req.method === "DELETE") {
    await rm(directory, { recursive: true, force: true });
    res.writeHead(204).end();
    return;
  }
  const marker = Number(url.searchParams.get("part-number-marker") ?? 0);
  const maxParts = Math.min(1000, Number(url.searchParams.get("max-parts") ?? 1000));
  const numbers = (await readdir(directory))
    .filter((name) => /^\d+\.md5$/.test(name)) // only parts written completely
    .map((name) => Number.parseInt(name, 10))
    .filter((n) => n > marker)
    .sort((a, b) => a - b);
  const page = numbers.slice(0, maxParts);
  const parts = await Promise.all(
    page.map(async (n) => {
      const [md5, info] = await Promise.all([
        readFile(join(directory, `${n}.md5`), "utf8"),
        stat(join(directory, String(n))),
      ]);
      return (
        `<Part><PartNumber>${n}</PartNumber><LastModified>${info.mtime.toISOString()}</LastModified>` +
        `<ETag>"${md5.trim()}"</ETag><Size>${info.size}</Size></Part>`
      );
    }),
  );
  const truncated = numbers.length > page.length;
  send(
    res,
    200,
    `<ListPartsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">` +
      `<Bucket>${xml(bucket)}</Bucket><Key>${xml(key)}</Key><UploadId>${xml(uploadId)}</UploadId>` +
      `<PartNumberMarker>${marker}</PartNumberMarker>` +
      `<NextPartNumberMarker>${page.at(-1) ?? marker}</NextPartNumberMarker>` +
      `<MaxParts>${maxParts}</MaxParts><IsTruncated>${truncated}</IsTruncated>` +
      `${parts.join("")}</ListPartsResult>`,
  );
}

function send(res: ServerResponse, status: number, body: string): void {
  res
    .writeHead(status, { "content-type": "application/xml" })
    .end(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`);
}

const error = (code: string, message: string, uploadId: string) =>
  `<Error><Code>${code}</Code><Message>${message}</Message><UploadId>${xml(uploadId)}</UploadId></Error>`;

const xml = (text: string) => text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
