/**
 * How reads scale with a library's size, through the local stack: the first page of 30
 * (`GET /api/media?limit=30`) with 100, 10,000 and 50,000 items, a page of 30 from the
 * middle of the library (`until=`, a jump to a month), the timeline
 * (`GET /api/media/timeline`, one entry per month) at 50,000 against 100, and "Shared with
 * me" (`GET /api/shared?limit=30`) for someone with 10,000 shares against 100 (the items of
 * the 10,000 and 100 libraries, shared with a second account each). Each library spans the
 * same ten years. Rounds alternate between the libraries so the machine's load falls on
 * each alike; each figure is the median of every round's samples.
 *
 *   BENCH_SCALE_SIZES (default 100,10000,50000), BENCH_SCALE_RUNS (default 60 per round)
 * @module
 */
import { type Figure, figure, median } from "./figure";
import { signUpBench, startBenchStack } from "./stack";

const sizes = (process.env.BENCH_SCALE_SIZES ?? "100,10000,50000").split(",").map(Number);
const runs = Number(process.env.BENCH_SCALE_RUNS ?? 60);
const ROUNDS = 3;

export async function run(): Promise<Figure[]> {
  const stack = await startBenchStack({
    tableName: "bench-scale-Table",
    bucketName: "bench-scale",
    // Nothing is uploaded: Process has nothing to do.
    handlers: { Process: async () => {} },
  });
  try {
    const { seedLibrary, seedShares } = await import("./seed");
    const smallest = sizes[0] ?? 100;
    const largest = sizes[sizes.length - 1] ?? 50_000;
    // Shares: the smallest library's items and the 10,000 one's (or the largest below it).
    const shareSizes = new Set([smallest, sizes.find((n) => n >= 10_000) ?? largest]);
    const libraries = [];
    for (const size of sizes) {
      const user = await signUpBench(stack.url, `Scale${size}`);
      const { ids, middle } = await seedLibrary(user.id, size, 10);
      let shareToken: string | undefined;
      if (shareSizes.has(size)) {
        const recipient = await signUpBench(stack.url, `Recipient${size}`);
        await seedShares(user.id, recipient.id, ids);
        shareToken = recipient.token;
      }
      libraries.push({ size, token: user.token, middle, shareToken });
    }
    const get = async (path: string, token: string) => {
      const res = await fetch(`${stack.url}${path}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
      await res.arrayBuffer();
    };
    const samples = new Map<string, number[]>();
    const measure = async (key: string, path: string, token: string) => {
      for (let i = 0; i < 5; i++) await get(path, token);
      const list = samples.get(key) ?? [];
      for (let i = 0; i < runs; i++) {
        const started = performance.now();
        await get(path, token);
        list.push(performance.now() - started);
      }
      samples.set(key, list);
    };
    for (let round = 0; round < ROUNDS; round++) {
      for (const { size, token, middle, shareToken } of libraries) {
        await measure(`list ${size}`, "/api/media?limit=30", token);
        await measure(
          `middle ${size}`,
          `/api/media?limit=30&until=${encodeURIComponent(middle)}`,
          token,
        );
        await measure(`timeline ${size}`, "/api/media/timeline", token);
        if (shareToken) await measure(`shared ${size}`, "/api/shared?limit=30", shareToken);
      }
    }
    const at = (key: string) => median(samples.get(key) ?? []);
    const [fewShares, manyShares] = [...shareSizes];
    const count = (n: number) => n.toLocaleString("en-US");
    return [
      ...sizes
        .slice(1)
        .map((size) =>
          figure(
            `list 30 of ${count(size)} items (vs ${count(smallest)})`,
            { value: at(`list ${size}`), unit: "ms", baseline: at(`list ${smallest}`) },
            { kind: "max", value: 1.2, of: "ratio" },
          ),
        ),
      figure(
        `list 30 from the middle of ${count(largest)} items (vs ${count(smallest)})`,
        { value: at(`middle ${largest}`), unit: "ms", baseline: at(`middle ${smallest}`) },
        { kind: "max", value: 1.2, of: "ratio" },
      ),
      figure(
        `timeline of ${count(largest)} items (vs ${count(smallest)})`,
        { value: at(`timeline ${largest}`), unit: "ms", baseline: at(`timeline ${smallest}`) },
        { kind: "max", value: 1.2, of: "ratio" },
      ),
      ...(fewShares !== undefined && manyShares !== undefined && manyShares !== fewShares
        ? [
            figure(
              `shared with me, 30 of ${count(manyShares)} shares (vs ${count(fewShares)})`,
              {
                value: at(`shared ${manyShares}`),
                unit: "ms",
                baseline: at(`shared ${fewShares}`),
              },
              { kind: "max", value: 1.2, of: "ratio" },
            ),
          ]
        : []),
    ];
  } finally {
    await stack.close();
  }
}
