// @vitest-environment node
import { describe, expect, it, vi } from "vitest";
import { ApiError } from "../api";
import { retrying } from "./retrying";

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
