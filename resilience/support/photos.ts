import { randomBytes } from "node:crypto";
import sharp from "sharp";

/**
 * Small JPEGs for the load, every one with different bytes (so a different checksum: the app
 * would take a second upload of the same bytes for a duplicate).
 *
 * sharp makes a few base photos before the clock starts; each upload is then a base photo
 * with a JPEG comment segment of random bytes after its start marker, made by copying bytes.
 * Encoding a JPEG per upload on the clock would compete for the CPU with the stack under
 * test, which runs in this same process.
 */
export async function createPhotos(bases = 8): Promise<() => Buffer> {
  const photos = await Promise.all(
    Array.from({ length: bases }, async () => {
      const [r = 0, g = 0, b = 0] = randomBytes(3);
      const noise = await sharp(randomBytes(64 * 48 * 3), {
        raw: { width: 64, height: 48, channels: 3 },
      })
        .png()
        .toBuffer();
      return sharp({ create: { width: 96, height: 64, channels: 3, background: { r, g, b } } })
        .composite([{ input: noise, top: 8, left: 16 }])
        .jpeg({ quality: 80 })
        .toBuffer();
    }),
  );
  let next = 0;
  return () => {
    const base = photos[next++ % photos.length] as Buffer;
    // COM segment: marker FFFE, then a big-endian length that counts itself (2) and the data.
    const comment = Buffer.concat([Buffer.from([0xff, 0xfe, 0x00, 2 + 16]), randomBytes(16)]);
    return Buffer.concat([base.subarray(0, 2), comment, base.subarray(2)]);
  };
}
