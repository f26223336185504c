/**
 * Reading an original whole in parallel ranged GETs, against s3rver: the bytes come back in
 * order and identical, a read of one byte more than the object holds answers what it holds,
 * and a read past a shorter object's end fails rather than answering a gap.
 */
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { readParallel } from "../../src/media/process/source";
import { ObjectKey, Storage } from "../../src/storage";
import { useCoreTestEnv } from "./harness";

beforeAll(async () => {
  await useCoreTestEnv();
});

const MiB = 1024 ** 2;
let n = 0;

/** An object of `size` random bytes; answers its key and bytes. */
async function stored(size: number) {
  const ids = { ownerId: "usr_SOURCE", mediaId: `med_${Date.now()}_${n++}` };
  const bytes = randomBytes(size);
  await Storage.derived.write(ids.ownerId, ids.mediaId, "preview", bytes, "image/webp");
  return { key: ObjectKey.derived(ids.ownerId, ids.mediaId, "preview"), bytes };
}

describe("reading an object whole in parallel", () => {
  it.each([
    ["in one GET, under two chunks", 1.5 * MiB + 17],
    ["in four ranged GETs, a photo of a few megabytes", 5 * MiB + 17],
    ["in four ranged GETs", 23 * MiB + 5],
  ])("answers every byte in order, %s", async (_, size) => {
    const { key, bytes } = await stored(size);
    // One byte more than declared, as Process asks: what the object holds comes back.
    const read = await readParallel(key, 0, size);
    expect(read.byteLength).toBe(size);
    expect(Buffer.from(read).equals(bytes)).toBe(true);
  });

  it("stops when its signal aborts (a read started before knowing it is needed)", async () => {
    const { key } = await stored(5 * MiB);
    const aborted = new AbortController();
    const read = readParallel(key, 0, 5 * MiB, aborted.signal);
    aborted.abort();
    await expect(read).rejects.toThrow();
  });

  it("fails when the object is shorter than the ranges asked", async () => {
    const { key } = await stored(9 * MiB);
    await expect(readParallel(key, 0, 20 * MiB)).rejects.toThrow();
  });
});
