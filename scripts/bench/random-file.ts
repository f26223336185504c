import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";

const MiB = 1024 * 1024;

/** Writes `mebibytes` MiB of random bytes (nothing compresses them on the way) to `path`. */
export async function writeRandomFile(path: string, mebibytes: number): Promise<void> {
  const out = createWriteStream(path);
  for (let i = 0; i < mebibytes; i++) {
    if (!out.write(randomBytes(MiB)))
      await new Promise<void>((resolve) => out.once("drain", () => resolve()));
  }
  await new Promise<void>((resolve, reject) => {
    out.once("error", reject);
    out.end(() => resolve());
  });
}
