import { metricNames, metricNamespace } from "@sharespace/core/metrics";
import { queues, visibilityTimeoutSeconds } from "@sharespace/core/queue";
import sharp from "sharp";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { LOCAL_APP } from "../../local/src/environment";
import { createTestStack, type TestStack } from "../../local/test/stack";
import type { TestUser } from "./support/media";
import { settled, upload } from "./support/process";
import { link, visit } from "./support/share";

/*
 * The app's metrics as CloudWatch would receive them: Powertools (the real library) writes
 * embedded-metric-format lines to stdout at the end of each invocation; this file reads them
 * back from stdout while requests go through the real handlers and the real Process.
 */

// The test project switches metrics off so other files' output stays readable; on here.
// Read when the first metric is counted.
process.env.POWERTOOLS_METRICS_DISABLED = "false";

let stack: TestStack;
let user: TestUser;
let email: string;
const password = "violet-harbour-42";
beforeAll(async () => {
  stack = await createTestStack();
  email = `metrics.${Date.now()}@example.com`;
  const res = await stack.request("POST", "/api/auth/signup", {
    body: { email, password, name: "Metrics" },
  });
  expect(res.status).toBe(201);
  user = { id: res.json.user.id, token: res.json.accessToken };
});
afterAll(() => stack?.close());

/** An EMF document: the metric values, the dimensions as fields, and the `_aws` metadata. */
type Emf = Record<string, unknown> & {
  _aws: {
    CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[];
  };
};

let lines: string[] = [];
let written: ReturnType<typeof vi.spyOn> | undefined;
/** Starts collecting what is written to stdout (Powertools' console writes there). */
function capture() {
  lines = [];
  // Kept from the terminal too: the report stays readable.
  written = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    lines.push(...String(chunk).split("\n").filter(Boolean));
    return true;
  });
}
afterEach(() => written?.mockRestore());

const emf = (): Emf[] =>
  lines.flatMap((line) => {
    try {
      const doc = JSON.parse(line);
      return doc && typeof doc === "object" && "_aws" in doc ? [doc as Emf] : [];
    } catch {
      return [];
    }
  });

/** The sum of each metric over every EMF line written. */
function totals(): Record<string, number> {
  const sums: Record<string, number> = {};
  for (const doc of emf()) {
    for (const { Metrics } of doc._aws.CloudWatchMetrics) {
      for (const { Name } of Metrics) {
        const value = doc[Name];
        const values = Array.isArray(value) ? value : [value];
        sums[Name] = (sums[Name] ?? 0) + values.reduce((a: number, b) => a + Number(b), 0);
      }
    }
  }
  return sums;
}

const login = (pw: string) =>
  stack.request("POST", "/api/auth/login", { body: { email, password: pw } });

describe("metrics", () => {
  it("are written as EMF in the app's namespace, with exactly the service and stage dimensions", async () => {
    capture();
    expect((await login(password)).status).toBe(200);

    const docs = emf();
    expect(docs).toHaveLength(1);
    const [doc] = docs;
    expect(doc?._aws.CloudWatchMetrics).toEqual([
      {
        Namespace: metricNamespace,
        Dimensions: [expect.arrayContaining(["service", "stage"])],
        Metrics: [{ Name: metricNames.signIn, Unit: "Count" }],
      },
    ]);
    expect(doc?._aws.CloudWatchMetrics[0]?.Dimensions[0]).toHaveLength(2);
    expect(doc).toMatchObject({ service: "sharespace", stage: LOCAL_APP.stage });
    expect(doc?.[metricNames.signIn]).toBe(1);
  });

  it("count sign-ins, and refused ones: wrong password and unknown email alike", async () => {
    capture();
    expect((await login("wrong-password-1")).status).toBe(401);
    const stranger = await stack.request("POST", "/api/auth/login", {
      body: { email: `nobody.${Date.now()}@example.com`, password },
    });
    expect(stranger.status).toBe(401);
    expect((await login(password)).status).toBe(200);
    expect(totals()).toEqual({ [metricNames.signInFailed]: 2, [metricNames.signIn]: 1 });
  });

  it("count nothing for a request that counts nothing (no empty EMF line, no warning)", async () => {
    capture();
    expect((await stack.request("GET", "/api/media", { token: user.token })).status).toBe(200);
    expect(
      lines.filter((line) => line.includes("_aws") || line.includes("No application")),
    ).toEqual([]);
  });

  it("count an accepted upload, and its processing outcome: ready, or failed", async () => {
    capture();
    const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: "#3a7" } })
      .jpeg()
      .toBuffer();
    const good = await upload(stack, user, jpeg, { filename: "a.jpg", contentType: "image/jpeg" });
    const bad = await upload(stack, user, Buffer.from("not a picture at all"), {
      filename: "b.jpg",
      contentType: "image/jpeg",
    });
    expect((await settled(stack, user, good.id)).status).toBe("ready");
    expect((await settled(stack, user, bad.id)).status).toBe("failed");
    // Refused uploads are not counted.
    const refused = await stack.request("POST", "/api/media", {
      token: user.token,
      body: { filename: "c.exe", contentType: "application/x-msdownload", size: 10 },
    });
    expect(refused.status).toBe(415);
    expect(totals()).toEqual({
      [metricNames.uploadStarted]: 2,
      [metricNames.processingSucceeded]: 1,
      [metricNames.processingFailed]: 1,
    });
  });

  it("count a link view once per visit: not its renewals, not a refused open", async () => {
    const jpeg = await sharp({ create: { width: 32, height: 32, channels: 3, background: "#a37" } })
      .jpeg()
      .toBuffer();
    const item = await upload(stack, user, jpeg, { filename: "l.jpg", contentType: "image/jpeg" });
    expect((await settled(stack, user, item.id)).status).toBe("ready");
    const guarded = await link(stack, user, item.id, { password: "open sesame" });
    capture();
    const opened = await visit(stack, guarded.token, { password: "open sesame" });
    expect(opened.status, opened.text).toBe(200);
    const renewed = await visit(stack, guarded.token, {
      password: "open sesame",
      visit: opened.json.visit,
    });
    expect(renewed.status).toBe(200);
    expect((await visit(stack, guarded.token, { password: "wrong guess" })).status).toBe(401);
    expect(totals()).toEqual({ [metricNames.linkView]: 1 });
  });

  it("count a queue message received again after a failed attempt", async () => {
    capture();
    stack.queues.send("Processing", "{ not json");
    await stack.queues.idle();
    expect(totals()[metricNames.queueRetry]).toBeUndefined();
    stack.clock.advance(visibilityTimeoutSeconds(queues.Processing) * 1000 + 1000);
    await stack.queues.idle();
    expect(totals()).toEqual({ [metricNames.queueRetry]: 1 });
  });
});
