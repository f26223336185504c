import { describe, expect, it } from "vitest";
import { lambdaNodeHeapFlags, queues, visibilityTimeoutSeconds } from "../src/queue";

describe("lambdaNodeHeapFlags", () => {
  it("splits the memory as Lambda's Node.js runtime does: a tenth young, in two halves", () => {
    expect(lambdaNodeHeapFlags(1536)).toEqual([
      "--max-semi-space-size=76",
      "--max-old-space-size=1383",
    ]);
    expect(lambdaNodeHeapFlags(128)).toEqual([
      "--max-semi-space-size=6",
      "--max-old-space-size=116",
    ]);
  });
});

describe("queues", () => {
  it("give each consumer a memory Lambda accepts and a visibility timeout above its own", () => {
    for (const queue of Object.values(queues)) {
      expect(queue.consumerMemoryMb).toBeGreaterThanOrEqual(128);
      expect(queue.consumerMemoryMb).toBeLessThanOrEqual(10_240);
      expect(visibilityTimeoutSeconds(queue)).toBeGreaterThan(queue.consumerTimeoutSeconds);
    }
  });
});
