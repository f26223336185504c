import { createServer, type Socket } from "node:net";
import { budgets } from "@sharespace/core/clients";
import { describeOutage } from "./support/outage";

// A black hole: accepts every connection and never answers, like a stalled database or a
// dead host behind a live load balancer. Each attempt runs into the request timeout.
describeOutage(
  "a black hole",
  async () => {
    const sockets = new Set<Socket>();
    const server = createServer((socket) => {
      sockets.add(socket);
      socket.on("error", () => {});
      socket.on("close", () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : 0;
    return {
      url: `http://127.0.0.1:${port}`,
      close: async () => {
        for (const socket of sockets) socket.destroy();
        await new Promise((resolve) => server.close(resolve));
      },
    };
  },
  // Every attempt waits out its request timeout (timers never fire early; 5 ms for rounding).
  { minimumMs: budgets.dynamo.maxAttempts * budgets.dynamo.requestTimeoutMs - 5 },
);
