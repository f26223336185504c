/**
 * Media through the API, as a client does it: sign up, start an upload, send the bytes to
 * the presigned URLs (the local S3 endpoint), complete. Processing is not under test here:
 * `makeReady` moves an item the way Process would, through core's transitions.
 * @module
 */
import { createHash } from "node:crypto";
import { Media } from "@sharespace/core/media";
import { expect } from "vitest";
import type { TestClient, TestResponse } from "../../../local/test/stack";

/** A signed-in user of a test. */
export interface TestUser {
  id: string;
  token: string;
}

let n = 0;
/** A fresh account. */
export async function signUp(client: TestClient, name = "Media"): Promise<TestUser> {
  const res = await client.request("POST", "/api/auth/signup", {
    body: {
      email: `${name.toLowerCase()}.${Date.now()}.${n++}@example.com`,
      password: "violet-harbour-42",
      name,
    },
  });
  expect(res.status, res.text).toBe(201);
  return { id: res.json.user.id, token: res.json.accessToken };
}

/** The base64 SHA-256 of some bytes, as the web client sends it. */
export const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("base64");

/** Bytes that differ from any other call's: a file nobody uploaded yet. */
export function uniqueBytes(size: number): Buffer {
  const bytes = Buffer.alloc(size);
  let seed = (Date.now() ^ (n++ * 2654435761)) >>> 0;
  for (let i = 0; i < size; i += 4) {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    bytes.writeUInt32LE(seed, Math.min(i, size - 4));
  }
  return bytes;
}

/** An upload's answer, read as whichever kind the test expects. */
export interface Ticket {
  method: "PUT";
  url: string;
  headers: Record<string, string>;
  expiresAt: string;
  multipart: { uploadId: string; partSize: number; partCount: number; expiresAt: string };
}

/** `POST /api/media`. */
export const startUpload = (
  client: TestClient,
  user: TestUser,
  body: Record<string, unknown> = {},
): Promise<TestResponse> =>
  client.request("POST", "/api/media", {
    token: user.token,
    body: { filename: "photo.jpg", contentType: "image/jpeg", size: 1000, ...body },
  });

/** Starts an upload that must succeed, and answers `{ media, upload }`. */
export async function created(
  client: TestClient,
  user: TestUser,
  body: Record<string, unknown> = {},
) {
  const res = await startUpload(client, user, body);
  expect(res.status, res.text).toBe(201);
  return res.json as { media: Media.Info; upload: Ticket };
}

/** Sends bytes to a presigned PUT, with exactly its headers. */
export async function putBytes(
  upload: { url: string; headers: Record<string, string> },
  bytes: Uint8Array,
) {
  const res = await fetch(upload.url, { method: "PUT", headers: upload.headers, body: bytes });
  expect(res.status, await res.text()).toBe(200);
}

/** Sends some parts of a multipart upload; answers their ETags by part number. */
export async function putParts(
  client: TestClient,
  user: TestUser,
  mediaId: string,
  bytes: Uint8Array,
  partSize: number,
  partNumbers: number[],
) {
  const signed = await client.request("POST", `/api/media/${mediaId}/upload/parts`, {
    token: user.token,
    body: { partNumbers },
  });
  expect(signed.status, signed.text).toBe(200);
  const etags = new Map<number, string>();
  for (const { partNumber, url } of signed.json.parts as { partNumber: number; url: string }[]) {
    const body = bytes.subarray((partNumber - 1) * partSize, partNumber * partSize);
    const res = await fetch(url, { method: "PUT", body });
    expect(res.status).toBe(200);
    etags.set(partNumber, res.headers.get("etag") ?? "");
  }
  return etags;
}

/** Moves an item to `ready` as Process would, with the derivatives it would write. */
export async function makeReady(
  media: Pick<Media.Info, "id" | "ownerId" | "size">,
  info: Partial<Media.ReadyInfo> = {},
) {
  const ref = { ownerId: media.ownerId, mediaId: media.id };
  await Media.startProcessing(ref);
  const ready = await Media.markReady(ref, { size: media.size, width: 4, height: 3, ...info });
  expect(ready.item?.status).toBe("ready");
  return ready.item as Media.Item;
}

/** A ready item of the user's, made through the API and core's transitions. */
export async function readyItem(
  client: TestClient,
  user: TestUser,
  body: Record<string, unknown> = {},
  info: Partial<Media.ReadyInfo> = {},
) {
  const { media } = await created(client, user, body);
  await makeReady(media, info);
  return media;
}
