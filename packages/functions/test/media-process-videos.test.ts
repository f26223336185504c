/**
 * Videos through the whole path: the container's facts, `ready` without a thumbnail, then a
 * poster frame (`POST /api/media/{id}/poster`, a presigned PUT) that becomes the thumbnail,
 * preview and placeholder; posters that are not frames are deleted and ignored.
 */
import { Media } from "@sharespace/core/media";
import { ObjectKey, Storage } from "@sharespace/core/storage";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestStack, type TestStack } from "../../local/test/stack";
import { putBytes, signUp, type TestUser } from "./support/media";
import { download, eventually, fixture, getItem, settled, upload } from "./support/process";

let stack: TestStack;
let user: TestUser;
beforeAll(async () => {
  stack = await createTestStack();
  user = await signUp(stack, "Videos");
});
afterAll(() => stack?.close());

/** Asks for a poster upload and PUTs `bytes` to it (s3rver stores whatever is sent). */
async function sendPoster(id: string, bytes: Uint8Array, declared = "image/webp") {
  const res = await stack.request("POST", `/api/media/${id}/poster`, {
    token: user.token,
    body: { contentType: declared, size: bytes.byteLength },
  });
  expect(res.status, res.text).toBe(201);
  await putBytes(res.json.upload, bytes);
}

const frame = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: "#d33" } })
    .webp()
    .toBuffer();

/** Waits for the poster upload to be handled (Process removes it either way). */
const posterHandled = (id: string) =>
  eventually(async () => {
    await stack.queues.idle();
    return (await Storage.head(ObjectKey.posterUpload(user.id, id))) === undefined;
  });

describe("an MP4", () => {
  let id: string;
  const clip = fixture("clip.mp4");

  it("is ready with its duration, size, dimensions and creation time, and no thumbnail", async () => {
    const media = await upload(stack, user, clip, {
      filename: "clip.mp4",
      contentType: "video/mp4",
      lastModified: "2024-05-05T05:05:05.000Z",
    });
    id = media.id;
    const item = await settled(stack, user, id);
    expect(item).toMatchObject({
      status: "ready",
      size: clip.byteLength,
      durationSeconds: 2.5,
      width: 320,
      height: 240,
      takenAt: "2020-03-04T05:06:07.000Z",
    });
    expect((await Media.read(id))?.takenAtSource).toBe("container");
    expect(item.urls?.thumbnail).toBeUndefined();
    expect(item.placeholder).toBeUndefined();
  });

  it("turns a poster frame into its thumbnail, preview and placeholder", async () => {
    await sendPoster(id, await frame(640, 480));
    await posterHandled(id);
    const item = await getItem(stack, user, id);
    expect(item.status).toBe("ready");
    expect(item.placeholder).toBeTruthy();
    const thumb = await download(item.urls?.thumbnail as string);
    expect(thumb.type).toBe("image/webp");
    const meta = await sharp(thumb.bytes).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["webp", 320, 240]);
    const preview = await sharp((await download(item.urls?.preview as string)).bytes).metadata();
    expect([preview.width, preview.height]).toEqual([640, 480]);
    expect([...((await Media.read(id))?.derivatives ?? [])].sort()).toEqual([
      "poster",
      "preview",
      "thumbnail",
    ]);
  });

  it("deletes and ignores posters that are not frames: wrong bytes, a banner, too large", async () => {
    const before = await Media.read(id);
    const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: "#000" } })
      .png()
      .toBuffer();
    const banner = await frame(2000, 100);
    const huge = Buffer.concat([await frame(64, 48), Buffer.alloc(3 * 1024 ** 2)]);
    const notAnImage = Buffer.from("RIFF\0\0\0\0WEBPVP8 this is not a picture");
    for (const bytes of [png, banner, notAnImage]) {
      await sendPoster(id, bytes);
      await posterHandled(id);
    }
    // A presigned PUT is bound to its length: only a writer with bucket access could store
    // more. Process must not trust that either.
    await Storage.write(ObjectKey.posterUpload(user.id, id), huge, "image/webp");
    await posterHandled(id);
    const after = await Media.read(id);
    expect(after?.status).toBe("ready");
    expect(after?.placeholder).toBe(before?.placeholder);
    expect(after?.updatedAt).toBe(before?.updatedAt);
  });
});

describe("other containers", () => {
  it("a MOV recorded sideways is ready with its shown dimensions and the phone's local date", async () => {
    const media = await upload(stack, user, fixture("clip-apple-date.mov"), {
      filename: "IMG_0002.MOV",
      contentType: "video/quicktime",
    });
    const item = await settled(stack, user, media.id);
    expect(item).toMatchObject({ status: "ready", width: 240, height: 320 });
    expect(item.takenAt).toBe("2023-05-01T08:00:00.000Z");
  });

  it("a WebM is ready with its duration and creation time", async () => {
    const media = await upload(stack, user, fixture("clip.webm"), {
      filename: "screen.webm",
      contentType: "video/webm",
    });
    const item = await settled(stack, user, media.id);
    expect(item).toMatchObject({ status: "ready", durationSeconds: 1.5 });
    expect(item.takenAt).toBe("2022-08-09T10:11:12.000Z");
  });

  it("a poster for a photo is refused by the API, and one sent to its key anyway is deleted", async () => {
    const photo = await sharp({
      create: { width: 40, height: 30, channels: 3, background: "#0a0" },
    })
      .jpeg()
      .toBuffer();
    const media = await upload(stack, user, photo, {
      filename: "p.jpg",
      contentType: "image/jpeg",
    });
    await settled(stack, user, media.id);
    const res = await stack.request("POST", `/api/media/${media.id}/poster`, {
      token: user.token,
      body: { contentType: "image/webp", size: 100 },
    });
    expect(res.status).toBe(400);
    await Storage.write(
      ObjectKey.posterUpload(user.id, media.id),
      await frame(64, 48),
      "image/webp",
    );
    await posterHandled(media.id);
    expect((await Media.read(media.id))?.derivatives).not.toContain("poster");
  });
});
