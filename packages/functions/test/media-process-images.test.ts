/**
 * Photos through the whole path (presigned PUT → s3rver → Processing queue → Process →
 * item): upright dimensions, capture time, WebP derivatives without metadata, a clean copy
 * for a photo that says where it was taken, and HEIC.
 */
import { Media } from "@sharespace/core/media";
import { Storage } from "@sharespace/core/storage";
import { gps as gpsOf, parse } from "exifr";
import sharp from "sharp";
import { thumbHashToRGBA } from "thumbhash";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestStack, type TestStack } from "../../local/test/stack";
import { signUp, type TestUser } from "./support/media";
import { download, fixture, settled, sidewaysPhotoWithGps, upload } from "./support/process";

let stack: TestStack;
let user: TestUser;
beforeAll(async () => {
  stack = await createTestStack();
  user = await signUp(stack, "Photos");
});
afterAll(() => stack?.close());

/** The colour at (x, y) of an image, as [r, g, b]. */
async function pixel(bytes: Uint8Array, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
  const at = (y * info.width + x) * info.channels;
  return [data[at] ?? 0, data[at + 1] ?? 0, data[at + 2] ?? 0];
}
const reddish = ([r, g, b]: number[]) => (r ?? 0) > 180 && (g ?? 0) < 80 && (b ?? 0) < 80;
const bluish = ([r, g, b]: number[]) => (b ?? 0) > 180 && (r ?? 0) < 80 && (g ?? 0) < 80;

/** Every metadata block exifr finds in a JPEG (EXIF, GPS, XMP, IPTC): none in a clean copy. */
const metadataOf = (bytes: Uint8Array) =>
  parse(Buffer.from(bytes), { tiff: true, gps: true, xmp: true, iptc: true });

describe("a JPEG with EXIF orientation 6, a capture time and GPS", () => {
  let item: Media.Info;
  let stored: Media.Item | undefined;
  let original: Buffer;
  beforeAll(async () => {
    original = await sidewaysPhotoWithGps();
    const media = await upload(stack, user, original, {
      filename: "sideways.jpg",
      contentType: "image/jpeg",
      lastModified: "2024-01-02T03:04:05.000Z",
    });
    item = await settled(stack, user, media.id);
    stored = await Media.read(media.id);
  });

  it("is ready, upright (300×400 from a 400×300 frame), taken when EXIF says, in UTC", () => {
    expect(item).toMatchObject({ status: "ready", width: 300, height: 400 });
    // 14:03:05.250 at +02:00, not the file's lastModified.
    expect(item.takenAt).toBe("2021-06-12T12:03:05.250Z");
    expect(stored?.takenAtSource).toBe("exif");
    expect(stored?.size).toBe(original.byteLength);
  });

  it("has a WebP thumbnail and preview, turned upright (blue left, red right), with no metadata", async () => {
    for (const [url, longest] of [
      [item.urls?.thumbnail, 320],
      [item.urls?.preview, 400], // never enlarged past the original
    ] as const) {
      expect(url).toBeTruthy();
      const { bytes, type } = await download(url as string);
      expect(type).toBe("image/webp");
      const meta = await sharp(bytes).metadata();
      expect(meta.format).toBe("webp");
      expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBe(longest);
      expect(meta.height).toBeGreaterThan(meta.width ?? 0);
      expect(meta.exif).toBeUndefined();
      expect(meta.xmp).toBeUndefined();
      expect(meta.iptc).toBeUndefined();
      expect(meta.icc).toBeUndefined();
      const w = meta.width ?? 0;
      const h = meta.height ?? 0;
      expect(bluish(await pixel(bytes, Math.floor(w * 0.25), Math.floor(h / 2)))).toBe(true);
      expect(reddish(await pixel(bytes, Math.floor(w * 0.75), Math.floor(h / 2)))).toBe(true);
    }
  });

  it("has a ThumbHash placeholder of the upright picture", () => {
    const hash = thumbHashToRGBA(Buffer.from(item.placeholder ?? "", "base64"));
    expect(hash.h).toBeGreaterThan(hash.w);
    const at = (x: number) => [...hash.rgba.subarray((Math.floor(hash.h / 2) * hash.w + x) * 4)];
    expect((at(0)[2] ?? 0) > (at(0)[0] ?? 0)).toBe(true); // blue on the left
    expect((at(hash.w - 1)[0] ?? 0) > (at(hash.w - 1)[2] ?? 0)).toBe(true); // red on the right
  });

  it("records the location and keeps a full-resolution clean JPEG without it, upright", async () => {
    expect(stored?.gps).toBe(true);
    expect([...(stored?.derivatives ?? [])].sort()).toEqual(["clean", "preview", "thumbnail"]);
    const clean = await Storage.derived.read(user.id, item.id, "clean");
    const head = await Storage.derived.head(user.id, item.id, "clean");
    expect(head?.contentType).toBe("image/jpeg");
    const meta = await sharp(clean).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["jpeg", 300, 400]);
    expect(meta.orientation).toBeUndefined();
    expect(await gpsOf(Buffer.from(clean as Uint8Array))).toBeUndefined();
    expect(await metadataOf(clean as Uint8Array)).toBeUndefined();
    // The original itself is untouched: its owner keeps the location.
    expect(await gpsOf(original)).toMatchObject({ latitude: 48.8584 });
  });
});

describe("photos without location", () => {
  it("a PNG gets derivatives but no clean copy, and takenAt falls back to lastModified", async () => {
    const png = await sharp({
      create: { width: 2000, height: 1000, channels: 4, background: "#2a7" },
    })
      .png()
      .toBuffer();
    const media = await upload(stack, user, png, {
      filename: "flat.png",
      contentType: "image/png",
      lastModified: "2022-02-03T04:05:06.000Z",
    });
    const item = await settled(stack, user, media.id);
    expect(item).toMatchObject({ status: "ready", width: 2000, height: 1000 });
    expect(item.takenAt).toBe("2022-02-03T04:05:06.000Z");
    const stored = await Media.read(media.id);
    expect(stored?.takenAtSource).toBe("lastModified");
    expect(stored?.gps).toBe(false);
    expect([...(stored?.derivatives ?? [])].sort()).toEqual(["preview", "thumbnail"]);
    const preview = await sharp((await download(item.urls?.preview as string)).bytes).metadata();
    expect([preview.width, preview.height]).toEqual([1600, 800]);
  });

  it("a HEIC photo is decoded (libheif-js) to a WebP thumbnail, taken when its EXIF says", async () => {
    const heic = fixture("photo.heic");
    const media = await upload(stack, user, heic, {
      filename: "IMG_0001.HEIC",
      contentType: "image/heic",
    });
    const item = await settled(stack, user, media.id);
    expect(item).toMatchObject({ status: "ready", width: 256, height: 192 });
    // No offset in the file and no GPS time: the wall clock is taken as UTC.
    expect(item.takenAt).toBe("2019-12-31T23:59:58.000Z");
    const { bytes, type } = await download(item.urls?.thumbnail as string);
    expect(type).toBe("image/webp");
    const meta = await sharp(bytes).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["webp", 256, 192]);
    // Green over yellow, as encoded.
    const [r, g] = await pixel(bytes, 128, 40);
    expect((g ?? 0) > 100 && (r ?? 0) < 60).toBe(true);
    const [r2, g2, b2] = await pixel(bytes, 128, 150);
    expect((r2 ?? 0) > 200 && (g2 ?? 0) > 200 && (b2 ?? 0) < 80).toBe(true);
    expect(item.placeholder).toBeTruthy();
  });

  it("an upload without a time of its own is taken at its upload time", async () => {
    const webp = await sharp({ create: { width: 64, height: 48, channels: 3, background: "#888" } })
      .webp()
      .toBuffer();
    const media = await upload(stack, user, webp, {
      filename: "x.webp",
      contentType: "image/webp",
    });
    const item = await settled(stack, user, media.id);
    expect(item.status).toBe("ready");
    expect(item.takenAt).toBe(media.createdAt);
    expect((await Media.read(media.id))?.takenAtSource).toBe("upload");
  });
});
