/**
 * What processing reads from a file without S3: capture times from EXIF and XMP values as
 * cameras write them, location presence, the declared-type families, and a container's
 * facts read through ranged reads that never fetch the whole file.
 */
import { readFileSync } from "node:fs";
import sharp from "sharp";
import { afterEach, describe, expect, it } from "vitest";
import { captureTime, hasLocation } from "../src/media/process/capture-time";
import { derivativeContentType } from "../src/media/process/formats";
import { matchesDeclared, sniff } from "../src/media/process/sniff";
import { describeType } from "../src/media/process/verify";
import { readVideo } from "../src/media/process/video";
import { clock } from "../src/time";

const fixture = (name: string) => readFileSync(new URL(`fixtures/media/${name}`, import.meta.url));
const realNow = clock.now;
afterEach(() => {
  clock.now = realNow;
});

describe("capture time", () => {
  it("takes DateTimeOriginal with its sub-seconds and offset, as UTC", () => {
    const exif = {
      DateTimeOriginal: "2021:06:12 14:03:05",
      SubSecTimeOriginal: "25",
      OffsetTimeOriginal: "-05:30",
    };
    expect(captureTime(exif)).toBe("2021-06-12T19:33:05.250Z");
  });

  it("derives a missing offset from the GPS time stamp (UTC), to the quarter hour", () => {
    const exif = {
      DateTimeOriginal: "2021:06:12 23:30:00",
      GPSDateStamp: "2021:06:12",
      GPSTimeStamp: [21, 29, 47],
    };
    expect(captureTime(exif)).toBe("2021-06-12T21:30:00.000Z");
  });

  it("falls back to CreateDate, then XMP, and takes an unzoned wall clock as UTC", () => {
    expect(captureTime({ CreateDate: "2010:01:02 03:04:05" })).toBe("2010-01-02T03:04:05.000Z");
    expect(captureTime({}, { xmp: { CreateDate: "2018-05-06T07:08:09+03:00" } })).toBe(
      "2018-05-06T04:08:09.000Z",
    );
    expect(captureTime({}, { photoshop: { DateCreated: "2018-05-06" } })).toBe(
      "2018-05-06T00:00:00.000Z",
    );
  });

  it("skips a camera's unset clock, impossible dates and the future", () => {
    clock.now = () => Date.UTC(2026, 0, 1);
    expect(captureTime({ DateTimeOriginal: "0000:00:00 00:00:00" })).toBeUndefined();
    expect(captureTime({ DateTimeOriginal: "2021:02:30 10:00:00" })).toBeUndefined();
    expect(captureTime({ DateTimeOriginal: "2027:01:01 10:00:00" })).toBeUndefined();
    expect(
      captureTime({ DateTimeOriginal: "1700:01:01 00:00:00", CreateDate: "2020:01:01 00:00:00" }),
    ).toBe("2020-01-01T00:00:00.000Z");
  });

  it("sees location in EXIF GPS or XMP", () => {
    expect(hasLocation({ GPSLatitude: [1, 2, 3], GPSLongitude: [4, 5, 6] })).toBe(true);
    expect(hasLocation({}, { exif: { GPSLatitude: "10,30.0N", GPSLongitude: "2,1.0E" } })).toBe(
      true,
    );
    expect(hasLocation({ GPSVersionID: [2, 3, 0, 0] })).toBe(false);
  });
});

describe("types", () => {
  it("sees the types of a JPEG and of the fixtures", async () => {
    const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: "#000" } })
      .jpeg()
      .toBuffer();
    expect(await sniff(jpeg)).toBe("image/jpeg");
    expect(await sniff(fixture("photo.heic"))).toBe("image/heic");
    expect(await sniff(fixture("clip.mp4"))).toBe("video/mp4");
    expect(await sniff(fixture("clip-rotated.mov"))).toBe("video/quicktime");
    expect(await sniff(fixture("clip.webm"))).toBe("video/webm");
    expect(await sniff(new TextEncoder().encode("<html><body>hi</body></html>"))).toBeUndefined();
  });

  it("accepts a container family under either name, and nothing else", () => {
    expect(matchesDeclared("video/mp4", "video/quicktime")).toBe(true);
    expect(matchesDeclared("image/heif", "image/heic")).toBe(true);
    expect(matchesDeclared("image/jpeg", "image/png")).toBe(false);
    expect(matchesDeclared("video/webm", "video/x-matroska")).toBe(false);
    expect(matchesDeclared("image/svg+xml", "image/svg+xml")).toBe(false);
    expect(matchesDeclared("image/jpeg", undefined)).toBe(false);
  });

  it("names types for people and says what a clean copy is", () => {
    expect(describeType("image/jpeg")).toBe("JPEG image");
    expect(describeType("video/quicktime")).toBe("QuickTime video");
    expect(derivativeContentType("clean", "image/heic")).toBe("image/jpeg");
    expect(derivativeContentType("clean", "image/png")).toBe("image/png");
    expect(derivativeContentType("thumbnail", "image/png")).toBe("image/webp");
  });
});

/** An ISO media file with 40 MiB of `free` box after it: what a parser must not read. */
function padded(bytes: Buffer): Buffer {
  const pad = Buffer.alloc(40 * 1024 ** 2);
  pad.writeUInt32BE(pad.byteLength, 0);
  pad.write("free", 4);
  return Buffer.concat([bytes, pad]);
}

async function read(file: Buffer) {
  let fetched = 0;
  const info = await readVideo(file.byteLength, async (length, offset) => {
    const chunk = file.subarray(offset, offset + length);
    fetched += chunk.byteLength;
    return chunk;
  });
  return { info, fetched };
}

describe("videos", () => {
  it("reads an MP4's duration, size and creation time from its first 512 KiB of 40 MiB", async () => {
    const { info, fetched } = await read(padded(fixture("clip.mp4")));
    expect(info).toEqual({
      durationSeconds: 2.5,
      width: 320,
      height: 240,
      rotation: 0,
      takenAt: "2020-03-04T05:06:07.000Z",
    });
    expect(fetched).toBeLessThanOrEqual(512 * 1024);
  });

  it("turns a rotated MOV's dimensions, and prefers a phone's local creation date", async () => {
    const rotated = await read(padded(fixture("clip-rotated.mov")));
    expect(rotated.info).toMatchObject({ width: 240, height: 320, rotation: 270 });
    const phone = await read(fixture("clip-apple-date.mov"));
    expect(phone.info.takenAt).toBe("2023-05-01T08:00:00.000Z");
  });

  it("reads a WebM", async () => {
    const { info } = await read(fixture("clip.webm"));
    expect(info).toEqual({
      durationSeconds: 1.5,
      width: 320,
      height: 240,
      rotation: 0,
      takenAt: "2022-08-09T10:11:12.000Z",
    });
  });

  it("rejects bytes that are no video, and passes a read's own failure through", async () => {
    await expect(read(Buffer.from("not a video at all"))).rejects.toMatchObject({
      name: "Rejected",
    });
    const outage = new Error("S3 is down");
    await expect(
      readVideo(1000, async () => {
        throw outage;
      }),
    ).rejects.toBe(outage);
  });
});
