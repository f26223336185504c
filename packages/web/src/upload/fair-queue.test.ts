// @vitest-environment node
import { describe, expect, it } from "vitest";
import { createFairQueue } from "./fair-queue";

/**
 * The queue as Uppy's AWS S3 plugin drives it: `uploadPartBytes` wrapped at Infinity,
 * `signPart` at 0, `getUploadParameters` at 0. Each call here is a request that finishes
 * when the test says so; `started` is the order requests got a slot in.
 */
function harness(limit: number) {
  const started: string[] = [];
  const finishers = new Map<string, () => void>();
  const request = (name: string) =>
    new Promise<void>((resolve) => {
      started.push(name);
      finishers.set(name, resolve);
    });
  const getUploadParameters = (name: string) => request(name);
  const queue = createFairQueue(limit, getUploadParameters);
  // What HTTPCommunicationQueue does with the plugin's options.
  const putUrl = queue.wrapPromiseFunction(getUploadParameters);
  const partUrl = queue.wrapPromiseFunction((name: string) => request(name));
  const bytes = queue.wrapPromiseFunction(
    ({ name }: { name: string; signature: { url: string } }) => request(name),
    { priority: Number.POSITIVE_INFINITY },
  );
  /** Ends request `name` (a name never started: only lets queued work move). */
  const finish = async (name: string) => {
    finishers.get(name)?.();
    // The queue hands the slot on in a microtask.
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  const part = (n: number) =>
    bytes({ name: `part ${n}`, signature: { url: `http://s3/o/big?partNumber=${n}&uploadId=u` } });
  const put = (name: string) =>
    bytes({ name: `${name} bytes`, signature: { url: `http://s3/o/${name}?X-Amz-Signature=s` } });
  return { started, finish, putUrl, partUrl, part, put };
}

describe("the queue of requests to S3", () => {
  it("keeps a request free of a large file's parts, for a small file's PUT, which passes parts waiting", async () => {
    const q = harness(3);
    // A large upload's ten parts are signed and queued: two are on their way, not three.
    for (let n = 1; n <= 10; n++) void q.part(n);
    await q.finish("nothing");
    expect(q.started).toEqual(["part 1", "part 2"]);
    // A photo comes: its URL and then its bytes go at once, while both parts are in flight.
    void q.putUrl("photo url");
    await q.finish("nothing");
    expect(q.started.at(-1)).toBe("photo url");
    void q.put("photo");
    await q.finish("photo url");
    expect(q.started.at(-1)).toBe("photo bytes");
    // The photo is done while the large file is mid-upload; its parts carry on in order.
    await q.finish("photo bytes");
    await q.finish("part 1");
    expect(q.started).toEqual(["part 1", "part 2", "photo url", "photo bytes", "part 3"]);
  });

  it("passes parts still waiting for a slot with a single PUT's URL and bytes", async () => {
    const q = harness(2);
    void q.part(1);
    await q.finish("nothing");
    void q.putUrl("busy");
    for (let n = 2; n <= 4; n++) void q.part(n);
    void q.putUrl("photo url");
    await q.finish("busy");
    expect(q.started).toEqual(["part 1", "busy", "photo url"]);
    void q.put("photo");
    await q.finish("part 1");
    expect(q.started.at(-1)).toBe("photo bytes");
  });

  it("sends a part already signed before signing the next", async () => {
    const q = harness(1);
    void q.partUrl("url 1");
    void q.partUrl("url 2");
    void q.part(1);
    await q.finish("url 1");
    expect(q.started).toEqual(["url 1", "part 1"]);
  });

  it("keeps single PUTs in the order they came", async () => {
    const q = harness(1);
    void q.part(1);
    await q.finish("nothing");
    for (const name of ["a", "b", "c"]) void q.put(name);
    for (const name of ["part 1", "a bytes", "b bytes"]) await q.finish(name);
    expect(q.started).toEqual(["part 1", "a bytes", "b bytes", "c bytes"]);
  });
});
