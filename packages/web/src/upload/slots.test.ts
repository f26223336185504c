// @vitest-environment node
import { describe, expect, it } from "vitest";
import { createSlots } from "./slots";

const settled = async (promise: Promise<unknown>) => {
  let done = false;
  void promise.then(
    () => {
      done = true;
    },
    () => {
      done = true;
    },
  );
  await new Promise((resolve) => setTimeout(resolve, 0));
  return done;
};

describe("files prepared ahead of sending", () => {
  it("lets `size` in, the rest in order as slots free", async () => {
    const slots = createSlots(2);
    const a = slots.acquire("a");
    const b = slots.acquire("b");
    const c = slots.acquire("c");
    const d = slots.acquire("d");
    expect([await settled(a), await settled(b), await settled(c)]).toEqual([true, true, false]);

    slots.release("a");
    expect(await settled(c)).toBe(true);
    expect(await settled(d)).toBe(false);
    // Releasing twice frees one slot, not two.
    slots.release("a");
    expect(await settled(d)).toBe(false);
    slots.release("b");
    expect(await settled(d)).toBe(true);
  });

  it("drops a waiter that is cancelled, or released before its turn", async () => {
    const slots = createSlots(1);
    await slots.acquire("a");
    const controller = new AbortController();
    const b = slots.acquire("b", controller.signal);
    const c = slots.acquire("c");
    const d = slots.acquire("d");
    controller.abort(new Error("cancelled"));
    await expect(b).rejects.toThrow("cancelled");
    slots.release("c");

    slots.release("a");
    expect(await settled(d)).toBe(true);
    expect(await settled(c)).toBe(false);
  });
});
