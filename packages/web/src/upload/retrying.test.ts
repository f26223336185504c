// @vitest-environment node
import { describe, expect, it, vi } from "vitest";
import { ApiError } from "../api";
import { COMPLETE_RETRY_DELAYS, retrying } from "./retrying";

const unavailable = () => new ApiError(503, "unavailable", "Try again in a moment.");

describe("retrying an idempotent API call", () => {
  it("sends it again after passing failures, waiting longer each time", async () => {
    const sleep = vi.fn(async () => {});
    const call = vi
      .fn<() => Promise<string>>()
      .mockRejectedValueOnce(unavailable())
      .mockRejectedValueOnce(new ApiError(0, "network_error", "No answer."))
      .mockResolvedValue("done");

    expect(await retrying(call, { delays: [10, 20, 30], sleep })).toBe("done");
    expect(call).toHaveBeenCalledTimes(3);
    expect(sleep.mock.calls).toEqual([[10], [20]]);
  });

  it("gives up after the last wait, with the last failure", async () => {
    const call = vi.fn(async () => {
      throw unavailable();
    });
    await expect(retrying(call, { delays: [1, 1], sleep: async () => {} })).rejects.toThrow(
      "Try again in a moment.",
    );
    expect(call).toHaveBeenCalledTimes(3);
  });

  it("keeps completing an upload for minutes while S3 joins a large file", async () => {
    let waited = 0;
    const sleep = async (ms: number) => {
      waited += ms;
    };
    // Six answers of 503 (the API's S3 call timed out while the join went on), then done.
    const call = vi.fn<() => Promise<string>>().mockResolvedValue("done");
    for (let i = 0; i < 6; i++) call.mockRejectedValueOnce(unavailable());
    expect(await retrying(call, { delays: COMPLETE_RETRY_DELAYS, sleep })).toBe("done");
    expect(call).toHaveBeenCalledTimes(7);
    expect(waited).toBeGreaterThan(90_000);
  });

  it.each([
    ["a 400", new ApiError(400, "invalid_request", "No.")],
    ["a 404", new ApiError(404, "not_found", "Gone.")],
    ["a 409", new ApiError(409, "conflict", "Finished.")],
    ["a bug", new TypeError("undefined is not a function")],
  ])("does not send it again after %s", async (_, error) => {
    const call = vi.fn(async () => {
      throw error;
    });
    await expect(retrying(call, { delays: [1], sleep: async () => {} })).rejects.toBe(error);
    expect(call).toHaveBeenCalledTimes(1);
  });
});
