import { describe, expect, it } from "vitest";
import { explain } from "../../src/cli";
import { REPO_ROOT, readConfig } from "../../src/config";
import { LocalStackError, PortInUseError } from "../../src/errors";

describe("readConfig", () => {
  it("defaults to port 3000, its two neighbours, loopback and .data/ at the repo root", () => {
    expect(readConfig({})).toMatchObject({
      port: 3000,
      dynamoDbPort: 3001,
      s3Port: 3002,
      host: "127.0.0.1",
      dataDir: `${REPO_ROOT}.data`,
    });
  });

  it("reads PORT, DATA_DIR (relative to the working directory) and the service ports", () => {
    expect(readConfig({ PORT: "4000", DATA_DIR: "tmp/x", S3_PORT: "9000" }, "/work")).toMatchObject(
      {
        port: 4000,
        dynamoDbPort: 4001,
        s3Port: 9000,
        dataDir: "/work/tmp/x",
      },
    );
  });

  it.each(["0", "70000", "3000.5", "http"])("refuses PORT=%s", (port) => {
    expect(() => readConfig({ PORT: port })).toThrow(LocalStackError);
  });
});

describe("explain", () => {
  const config = readConfig({ DATA_DIR: "/data" });

  it("names the setting that moves a busy port", () => {
    expect(explain(new PortInUseError(3000, "ShareSpace"), config)).toMatch(
      /^Port 3000 is in use: stop the other program or set PORT=3010/,
    );
    expect(explain(new PortInUseError(3001, "DynamoDB Local"), config)).toMatch(
      /set DYNAMODB_PORT or PORT\.$/,
    );
    expect(explain(new PortInUseError(3002, "S3"), config)).toMatch(/set S3_PORT or PORT\.$/);
  });

  it("says how to reset unreadable data, or the thrower's own remedy", () => {
    expect(explain(new LocalStackError("data_corrupt", "x is broken"), config)).toBe(
      "x is broken: delete /data to start fresh (this erases local accounts and media).",
    );
    expect(
      explain(new LocalStackError("data_corrupt", "k is no key", { hint: "delete k" }), config),
    ).toBe("k is no key: delete k.");
  });

  it("keeps a surprise to its first line", () => {
    expect(explain(new Error("boom\n    at somewhere.ts:1"))).toBe(
      "ShareSpace could not start: boom",
    );
  });
});
