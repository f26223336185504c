import { createServer, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { budgets, isServiceOutage, worstCaseMs } from "../../src/clients";
import { ObjectKey, Storage } from "../../src/storage";
import { useCoreTestEnv } from "./harness";

// The S3 endpoint is a black hole (accepts, never answers): every call must give up
// within the client's budget, as an outage the API answers 503.
const sockets = new Set<Socket>();
const blackHole = createServer((socket) => {
  sockets.add(socket);
  socket.on("error", () => {});
});
beforeAll(async () => {
  await new Promise<void>((resolve) => blackHole.listen(0, "127.0.0.1", resolve));
  const address = blackHole.address();
  const port = typeof address === "object" && address ? address.port : 0;
  await useCoreTestEnv({ AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${port}` });
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => blackHole.close(resolve));
});

describe("storage with a stalled S3", () => {
  it("gives up on a HEAD within the budget, as an outage", async () => {
    // A monotonic clock, only to bound the test.
    const started = performance.now();
    const error = await Storage.head(ObjectKey.original("usr_1", "med_1")).catch((e) => e);
    const elapsed = performance.now() - started;
    expect(isServiceOutage(error)).toBe(true);
    expect(elapsed).toBeGreaterThanOrEqual(
      budgets.s3.maxAttempts * budgets.s3.requestTimeoutMs - 5,
    );
    expect(elapsed).toBeLessThan(worstCaseMs(budgets.s3) + 1_500);
  });

  it("still signs URLs, which needs no request", async () => {
    const put = await Storage.presignPut({
      key: ObjectKey.original("usr_1", "med_1"),
      contentType: "image/jpeg",
      contentLength: 1,
      expiresInSeconds: 60,
    });
    expect(put.url).toContain("X-Amz-Signature=");
  });
});
