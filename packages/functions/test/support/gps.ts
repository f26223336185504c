/**
 * Photos with and without location, made in the test with sharp, and a reader that tells
 * whether a JPEG's EXIF points to GPS data (the GPS IFD pointer, tag 0x8825, in IFD0).
 * @module
 */
import sharp from "sharp";

/** A small JPEG whose EXIF carries a GPS position (Paris). */
export const jpegWithGps = () =>
  sharp({ create: { width: 8, height: 6, channels: 3, background: "#369" } })
    .jpeg()
    .withExif({
      IFD0: { Make: "ShareSpace test" },
      IFD3: {
        GPSLatitudeRef: "N",
        GPSLatitude: "48/1 51/1 30/1",
        GPSLongitudeRef: "E",
        GPSLongitude: "2/1 17/1 40/1",
      },
    })
    .toBuffer();

/** The same image without any metadata, as Process writes the `clean` copy. */
export const withoutMetadata = (bytes: Uint8Array) => sharp(bytes).jpeg().toBuffer();

/** Whether a JPEG's EXIF has a GPS IFD. */
export async function hasGps(bytes: Uint8Array): Promise<boolean> {
  const { exif } = await sharp(bytes).metadata();
  if (!exif) return false;
  const tiff = exif.subarray(exif.indexOf("Exif\0\0") + 6);
  const little = tiff.toString("latin1", 0, 2) === "II";
  const u16 = (at: number) => (little ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
  const u32 = (at: number) => (little ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at));
  const ifd0 = u32(4);
  const entries = u16(ifd0);
  for (let i = 0; i < entries; i++) {
    if (u16(ifd0 + 2 + i * 12) === 0x8825) return true;
  }
  return false;
}
