/**
 * DynamoDB Local's loopback launcher on this machine's Java: it compiles itself once into the
 * cache, later starts use the compiled class (no compiler needed), and a Java that can run
 * neither falls back to DynamoDB Local's own main with one warning line.
 */
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDynamoDbLocal } from "../../src/dynamodb";
import { dynamoDbCommand, launcherCacheDir, locateJar } from "../../src/dynamodb/launch";
import { freePort } from "../../src/ports";

let cacheRoot: string;
beforeAll(async () => {
  cacheRoot = await mkdtemp(join(tmpdir(), "sharespace-launcher-"));
});
afterAll(() => rm(cacheRoot, { recursive: true, force: true }));

/** What a JRE without the jdk.compiler module can load. */
const WITHOUT_COMPILER = "--limit-modules java.se,jdk.unsupported";

async function start(root: string, javaOptions?: string) {
  const saved = process.env.JDK_JAVA_OPTIONS;
  if (javaOptions) process.env.JDK_JAVA_OPTIONS = javaOptions;
  const warnings: string[] = [];
  try {
    const dynamo = await startDynamoDbLocal({
      port: await freePort(),
      cacheRoot: root,
      onWarning: (line) => warnings.push(line),
    });
    return { dynamo, warnings };
  } finally {
    if (saved === undefined) delete process.env.JDK_JAVA_OPTIONS;
    else process.env.JDK_JAVA_OPTIONS = saved;
  }
}

const compiledClass = (root: string) =>
  join(launcherCacheDir(locateJar().jar, root), "LoopbackLauncher.class");

describe("the loopback launcher", () => {
  it("runs from source the first time and leaves its compiled class in the cache", async () => {
    expect(dynamoDbCommand({ port: 1 }, { loopback: true, cacheRoot }).args).toContain(
      join(import.meta.dirname, "../../src/dynamodb/LoopbackLauncher.java"),
    );
    const { dynamo, warnings } = await start(cacheRoot);
    try {
      expect(dynamo.loopback).toBe(true);
      expect(warnings).toEqual([]);
      // It compiles a few seconds after the server answers, in the background.
      for (let i = 0; i < 300 && !existsSync(compiledClass(cacheRoot)); i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(existsSync(compiledClass(cacheRoot))).toBe(true);
    } finally {
      await dynamo.stop();
    }
  }, 120_000);

  it("then starts from the compiled class, which needs no compiler", async () => {
    const { args } = dynamoDbCommand({ port: 1 }, { loopback: true, cacheRoot });
    expect(args).toContain("LoopbackLauncher");
    const { dynamo, warnings } = await start(cacheRoot, WITHOUT_COMPILER);
    try {
      expect(dynamo.loopback).toBe(true);
      expect(warnings).toEqual([]);
    } finally {
      await dynamo.stop();
    }
  }, 120_000);

  it("falls back, with one warning line, on a Java that cannot run it", async () => {
    const empty = await mkdtemp(join(tmpdir(), "sharespace-launcher-empty-"));
    try {
      const { dynamo, warnings } = await start(empty, WITHOUT_COMPILER);
      try {
        expect(dynamo.loopback).toBe(false);
        expect(warnings).toHaveLength(1);
        expect(warnings[0]).toMatch(
          /^Warning: DynamoDB Local listens on every network interface.*jdk\.compiler.*Install a full JDK 17 or newer/,
        );
        expect(warnings[0]).not.toContain("\n");
      } finally {
        await dynamo.stop();
      }
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  }, 120_000);
});
