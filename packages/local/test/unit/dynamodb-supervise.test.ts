import { describe, expect, it } from "vitest";
import type { DynamoDbLocalOptions } from "../../src/dynamodb";
import { superviseDynamoDbLocal } from "../../src/dynamodb/supervise";
import { LocalStackError } from "../../src/errors";

/** Stands in for one DynamoDB Local start: records it, and can make it die. */
function fakeStarts(failAt: number[] = []) {
  const started: { options: DynamoDbLocalOptions; stopped: boolean }[] = [];
  const start = async (options: DynamoDbLocalOptions) => {
    if (failAt.includes(started.length)) {
      started.push({ options, stopped: true });
      throw new LocalStackError("port_in_use", `Port ${options.port} (DynamoDB Local) is in use`);
    }
    const entry = { options, stopped: false };
    started.push(entry);
    return {
      endpoint: `http://127.0.0.1:${options.port}`,
      loopback: true,
      stop: async () => {
        entry.stopped = true;
      },
    };
  };
  const crash = async () => {
    const last = started.at(-1);
    last?.options.onUnexpectedExit?.(
      new LocalStackError(
        "dynamodb_failed",
        "DynamoDB Local stopped unexpectedly (signal SIGKILL)",
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  return { started, start, crash };
}

describe("superviseDynamoDbLocal", () => {
  it("restarts a DynamoDB Local that dies, on the same port and data, saying so in one line", async () => {
    const { started, start, crash } = fakeStarts();
    const lines: string[] = [];
    const dynamo = await superviseDynamoDbLocal(
      { port: 8001, path: "/data/dynamodb", onRestart: (line) => lines.push(line) },
      start,
    );
    await crash();
    expect(started).toHaveLength(2);
    expect(started[1]?.options).toMatchObject({ port: 8001, path: "/data/dynamodb" });
    expect(lines).toEqual([
      "DynamoDB Local stopped unexpectedly (signal SIGKILL); restarting it on the same data",
    ]);
    await dynamo.stop();
    expect(started[1]?.stopped).toBe(true);
    // Stopped on purpose: no restart.
    await crash();
    expect(started).toHaveLength(2);
  });

  it("gives up when it keeps dying, or cannot come back", async () => {
    const looping = fakeStarts();
    const fatal: LocalStackError[] = [];
    await superviseDynamoDbLocal({ port: 8001, onFatal: (e) => fatal.push(e) }, looping.start);
    for (let i = 0; i < 4; i++) await looping.crash();
    expect(looping.started).toHaveLength(4); // the first and three restarts
    expect(fatal.map((e) => e.code)).toEqual(["dynamodb_failed"]);

    const taken = fakeStarts([1]);
    const fatal2: LocalStackError[] = [];
    await superviseDynamoDbLocal({ port: 8001, onFatal: (e) => fatal2.push(e) }, taken.start);
    await taken.crash();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(fatal2.map((e) => e.code)).toEqual(["port_in_use"]);
  });
});
