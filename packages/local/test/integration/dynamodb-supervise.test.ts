/**
 * Supervision against the way out: a Java that the exit hook stopped on Ctrl-C or SIGTERM
 * is not a crash, even when the stack takes its time to stop the rest first.
 */
import { spawn } from "node:child_process";
import { delimiter, dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../src/config";

describe("a supervised DynamoDB Local", () => {
  it("is not restarted when the process is stopping", async () => {
    const child = spawn(
      join(REPO_ROOT, "node_modules/.bin/tsx"),
      [join(import.meta.dirname, "../fixtures/slow-stop.ts")],
      {
        cwd: REPO_ROOT,
        env: {
          ...process.env,
          PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ""}`,
        },
      },
    );
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      output += chunk;
      if (chunk.includes("ready")) child.kill("SIGTERM");
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      output += chunk;
    });
    const code = await new Promise((resolve) => child.on("exit", resolve));
    expect(output).toContain("ready");
    expect(output).not.toMatch(/restarting|fatal/);
    expect(code).toBe(0);
  }, 120_000);
});
