// @vitest-environment node
import { describe, expect, it, vi } from "vitest";
import { createPartSigner, type PartUrl } from "./part-urls";

/** A stand-in for `POST /api/media/{id}/upload/parts`: each URL names its part and its call. */
function api() {
  const calls: number[][] = [];
  const sign = vi.fn(async (partNumbers: number[]): Promise<PartUrl[]> => {
    calls.push(partNumbers);
    const call = calls.length;
    return partNumbers.map((partNumber) => ({
      partNumber,
      url: `https://s3/p${partNumber}?c=${call}`,
    }));
  });
  return { sign, calls };
}

describe("part URLs signed in batches", () => {
  it("signs the asked part with the next ones in one call, and answers those from it", async () => {
    const { sign, calls } = api();
    const signer = createPartSigner({ partCount: 50, sign, batchSize: 10 });

    expect(await signer.url(1)).toBe("https://s3/p1?c=1");
    for (let n = 2; n <= 10; n++) expect(await signer.url(n)).toBe(`https://s3/p${n}?c=1`);
    expect(calls).toEqual([[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]]);

    expect(await signer.url(11)).toBe("https://s3/p11?c=2");
    expect(calls[1]).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
  });

  it("makes parallel asks for parts of one batch wait for its single call", async () => {
    const { sign, calls } = api();
    const signer = createPartSigner({ partCount: 8, sign, batchSize: 6 });

    const urls = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => signer.url(n)));

    expect(urls).toEqual([1, 2, 3, 4, 5, 6].map((n) => `https://s3/p${n}?c=1`));
    expect(calls).toEqual([[1, 2, 3, 4, 5, 6]]);
  });

  it("never signs beyond the last part, nor more than the API's 100 a call", async () => {
    const { sign, calls } = api();
    const signer = createPartSigner({ partCount: 130, sign, batchSize: 500 });

    await signer.url(1);
    await signer.url(120);

    expect(calls[0]).toHaveLength(100);
    expect(calls[1]).toEqual([120, 121, 122, 123, 124, 125, 126, 127, 128, 129, 130]);
    await expect(signer.url(131)).rejects.toThrow(RangeError);
    await expect(signer.url(0)).rejects.toThrow(RangeError);
  });

  it("hands each URL out once: a part sent again gets a new one", async () => {
    const { sign, calls } = api();
    const signer = createPartSigner({ partCount: 4, sign, batchSize: 4 });

    expect(await signer.url(2)).toBe("https://s3/p2?c=1");
    expect(await signer.url(2)).toBe("https://s3/p2?c=2");
    // The second call signed only what was not signed already.
    expect(calls).toEqual([[2, 3, 4], [2]]);
  });

  it("skips the parts S3 already holds when signing ahead (a resumed upload)", async () => {
    const { sign, calls } = api();
    const signer = createPartSigner({ partCount: 10, sign, batchSize: 5 });
    signer.skip([1, 2, 4, 6]);

    await signer.url(3);
    expect(calls).toEqual([[3, 5, 7, 8, 9]]);
  });

  it("signs again once the URLs are old, so none expires while its part is sent", async () => {
    const { sign, calls } = api();
    let now = 0;
    const signer = createPartSigner({
      partCount: 4,
      sign,
      batchSize: 4,
      maxAgeMs: 10 * 60_000,
      now: () => now,
    });

    await signer.url(1);
    now = 10 * 60_000 - 1;
    expect(await signer.url(2)).toBe("https://s3/p2?c=1");
    now = 10 * 60_000;
    expect(await signer.url(3)).toBe("https://s3/p3?c=2");
    expect(calls).toEqual([
      [1, 2, 3, 4],
      [3, 4],
    ]);
  });

  it("lets a failed call fail its askers, and signs again on the next ask", async () => {
    const { sign, calls } = api();
    sign.mockRejectedValueOnce(new Error("503"));
    const signer = createPartSigner({ partCount: 3, sign, batchSize: 3 });

    const first = Promise.allSettled([signer.url(1), signer.url(2)]);
    expect((await first).map((result) => result.status)).toEqual(["rejected", "rejected"]);

    expect(await signer.url(2)).toBe("https://s3/p2?c=1");
    expect(calls).toEqual([[2, 3]]);
  });
});
