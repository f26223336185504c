// @vitest-environment node
import { createHash, randomBytes } from "node:crypto";
import { createSHA256 } from "hash-wasm";
import { describe, expect, it } from "vitest";
import { hashBlob } from "./hasher";

const MiB = 1024 * 1024;
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("base64");

describe("the streaming hasher (what the hashing worker runs)", () => {
  // A few MiB of random bytes, as a Blob of uneven pieces, read in slices that do not
  // line up with those pieces nor with the end.
  const bytes = randomBytes(5 * MiB + 12_345);
  const blob = new Blob([
    bytes.subarray(0, 700_001),
    bytes.subarray(700_001, 3 * MiB),
    bytes.subarray(3 * MiB),
  ]);

  it.each([
    ["one slice for all", 64 * MiB],
    ["1 MiB and 7 bytes", MiB + 7],
    ["333,333 bytes", 333_333],
    ["a slice that divides the size exactly", (5 * MiB + 12_345) / 5],
  ])("gives Node's SHA-256 (base64) reading %s at a time", async (_, sliceBytes) => {
    const hashed: number[] = [];
    const digest = await hashBlob(blob, await createSHA256(), {
      sliceBytes,
      onProgress: (n) => hashed.push(n),
    });

    expect(digest).toBe(sha256(bytes));
    expect(hashed.at(-1)).toBe(bytes.length);
    expect(hashed).toEqual([...hashed].sort((a, b) => a - b));
    // Once per slice's worth and at the end (where the last slice's worth may fall).
    expect(hashed.length).toBeLessThanOrEqual(Math.ceil(bytes.length / sliceBytes));
    expect(hashed.length).toBeGreaterThanOrEqual(Math.floor(bytes.length / sliceBytes));
  });

  /** A hasher that records the size of each piece it is given. */
  const recording = async (sizes: number[]) => {
    const hasher = await createSHA256();
    return {
      init: () => hasher.init(),
      update: (data: Uint8Array) => {
        sizes.push(data.byteLength);
        return hasher.update(data);
      },
      digest: (type: "binary") => hasher.digest(type),
    };
  };

  it("reads the file through its byte stream, never more than a slice at once", async () => {
    const sliceBytes = MiB;
    const sizes: number[] = [];
    const sliced = new Proxy(blob, {
      get(target, key) {
        if (key === "slice") throw new Error("sliced");
        const value = Reflect.get(target, key, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });

    expect(await hashBlob(sliced, await recording(sizes), { sliceBytes })).toBe(sha256(bytes));
    expect(Math.max(...sizes)).toBeLessThanOrEqual(sliceBytes);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(bytes.length);
  });

  it("reads slices of the given size where the file's stream is not a byte stream", async () => {
    const sliceBytes = MiB;
    const read: number[] = [];
    const sizes: number[] = [];
    // What older Safari answers: a stream of chunks, which refuses a BYOB reader.
    const plainStream = new Proxy(blob, {
      get(target, key) {
        if (key === "stream") return () => new ReadableStream({ start: (c) => c.close() });
        if (key === "slice") {
          return (start: number, end: number) => {
            read.push(end - start);
            return target.slice(start, end);
          };
        }
        const value = Reflect.get(target, key, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });

    expect(await hashBlob(plainStream, await recording(sizes), { sliceBytes })).toBe(sha256(bytes));
    expect(Math.max(...read)).toBe(sliceBytes);
    expect(sizes).toEqual(read);
  });

  it("can hash an empty file, and a file of one byte", async () => {
    expect(await hashBlob(new Blob([]), await createSHA256())).toBe(sha256(new Uint8Array()));
    expect(await hashBlob(new Blob([new Uint8Array([7])]), await createSHA256())).toBe(
      sha256(new Uint8Array([7])),
    );
  });

  it("stops when aborted", async () => {
    const controller = new AbortController();
    controller.abort(new Error("cancelled"));
    await expect(
      hashBlob(blob, await createSHA256(), { sliceBytes: MiB, signal: controller.signal }),
    ).rejects.toThrow("cancelled");
  });
});
