/**
 * `npm run bench:outage`: how long the API takes to answer when its database stalls (a
 * black hole: accepts connections, never answers) or is gone (a closed port), through the
 * local stack with the real handlers and SDK clients. Prints figures next to the clients'
 * configured worst case; asserts nothing (the outage tests do).
 */
import { createServer as createTcpServer, type Socket } from "node:net";
import { freePort, listen } from "../packages/local/src/ports";
import { startBenchStack } from "./bench/stack";

const runs = Number(process.env.BENCH_RUNS ?? 3);

// The table and bucket are made on a live DynamoDB Local; handlers then get the dead one.
const sockets = new Set<Socket>();
const blackHole = createTcpServer((socket) => {
  sockets.add(socket);
  socket.on("error", () => {});
});
const blackHolePort = await listen(blackHole, 0, "127.0.0.1", "black hole");
const closedPort = await freePort();
const stack = await startBenchStack({
  tableName: "bench-outage-Table",
  bucketName: "bench-outage-media",
});
const { url } = stack;
const { budgets, worstCaseMs } = await import("../packages/core/src/clients");

/** Core's clients are made on first use and then kept: one endpoint per process. */
const endpoint = process.env.BENCH_DEAD === "closed" ? closedPort : blackHolePort;
process.env.AWS_ENDPOINT_URL_DYNAMODB = `http://127.0.0.1:${endpoint}`;

try {
  console.log(
    `database: ${process.env.BENCH_DEAD === "closed" ? "a closed port" : "a black hole"}; ` +
      `DynamoDB client worst case ${worstCaseMs(budgets.dynamo)} ms ` +
      `(${budgets.dynamo.maxAttempts} attempts, ${budgets.dynamo.requestTimeoutMs} ms each)`,
  );
  for (const [label, path, init] of [
    ["GET /api/health", "/api/health", {}],
    [
      "POST /api/auth/login",
      "/api/auth/login",
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: "a@example.com", password: "whatever-it-is" }),
      },
    ],
  ] as const) {
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      const res = await fetch(`${url}${path}`, init);
      const body = await res.text();
      console.log(
        `${label.padEnd(22)} ${res.status} in ${(performance.now() - start).toFixed(0).padStart(5)} ms  ${body}`,
      );
    }
  }
} finally {
  await stack.close();
  for (const socket of sockets) socket.destroy();
  blackHole.close();
}
