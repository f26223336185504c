/**
 * A CPU profile of a page's main thread over what a bench measures (DevTools' `Profiler`),
 * summed by function and by the script it lives in, to say where the page's time went. A
 * bench starts it before and stops it after; the worker threads (hashing) are not in it.
 * @module
 */
import { writeFile } from "node:fs/promises";
import type { Browser, BrowserContext, Page } from "playwright-core";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Starts profiling `page`; the answer stops it and says where the time went. */
export async function profilePage(
  context: BrowserContext,
  page: Page,
): Promise<(save?: string) => Promise<string>> {
  const cdp = await context.newCDPSession(page);
  await cdp.send("Profiler.enable");
  // Every 1 ms: a coarse profile, light enough not to change what it measures.
  await cdp.send("Profiler.setSamplingInterval", { interval: 1000 });
  await cdp.send("Profiler.start");
  return async (save) => {
    const { profile } = (await cdp.send("Profiler.stop")) as unknown as { profile: Profile };
    await cdp.detach();
    if (save) await writeFile(save, JSON.stringify(profile));
    return summarize(profile);
  };
}

/** Self time by function and by script, and the total, largest first. */
function summarize({ nodes, samples, timeDeltas }: Profile): string {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  for (const [i, id] of samples.entries()) {
    self.set(id, (self.get(id) ?? 0) + (timeDeltas[i] ?? 0) / 1000);
  }
  const byFunction = new Map<string, number>();
  const byScript = new Map<string, number>();
  let busy = 0;
  for (const [id, ms] of self) {
    const { functionName, url, lineNumber } = byId.get(id)?.callFrame ?? {
      functionName: "?",
      url: "",
      lineNumber: 0,
    };
    const script = url.split("/").at(-1) || "(native)";
    if (functionName !== "(idle)" && functionName !== "(program)") busy += ms;
    const name = `${functionName || "(anonymous)"} ${script}:${lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + ms);
    byScript.set(script, (byScript.get(script) ?? 0) + ms);
  }
  const top = (map: Map<string, number>, n: number) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, ms]) => `    ${(ms / 1000).toFixed(2)} s  ${name}`)
      .join("\n");
  return [
    `main thread: ${(busy / 1000).toFixed(2)} s in scripts and the engine (idle and (program) aside)`,
    "  by script:",
    top(byScript, 8),
    "  by function (self time):",
    top(byFunction, 25),
  ].join("\n");
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

/**
 * Starts a trace of the browser (DevTools' timeline categories); the answer stops it and
 * sums, for each of the page's renderer threads, the thread time of its top-level tasks'
 * events by name (layout, paint, script, XHR events…).
 */
export async function traceBrowser(
  browser: Browser,
  page: Page,
): Promise<(save?: string) => Promise<string>> {
  await browser.startTracing(page, {
    categories: ["devtools.timeline", "disabled-by-default-devtools.timeline", "toplevel", "v8"],
  });
  return async (save) => {
    const buffer = await browser.stopTracing();
    if (save) await writeFile(save, buffer);
    return summarizeTrace(buffer.toString("utf8"));
  };
}

/** The thread time of a trace's renderer threads, by event name (see {@link traceBrowser}). */
export function summarizeTrace(json: string): string {
  const { traceEvents } = JSON.parse(json) as { traceEvents: TraceEvent[] };
  const threads = new Map<string, string>();
  for (const e of traceEvents) {
    if (e.ph === "M" && e.name === "thread_name")
      threads.set(`${e.pid}:${e.tid}`, e.args?.name ?? "");
  }
  // Per thread, each complete event's own time (its duration less its children's).
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of traceEvents) {
    if (e.ph !== "X" || e.dur === undefined) continue;
    const key = `${e.pid}:${e.tid}`;
    const list = byThread.get(key);
    if (list) list.push(e);
    else byThread.set(key, [e]);
  }
  const lines: string[] = [];
  for (const [key, events] of byThread) {
    const name = threads.get(key) ?? key;
    if (!/CrRendererMain|DedicatedWorker|Compositor|Raster/.test(name)) continue;
    events.sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
    const self = new Map<string, number>();
    const stack: TraceEvent[] = [];
    let top = 0;
    for (const e of events) {
      while (
        stack.length &&
        (stack.at(-1) as TraceEvent).ts + ((stack.at(-1) as TraceEvent).dur ?? 0) <= e.ts
      )
        stack.pop();
      const parent = stack.at(-1);
      const own = e.tdur ?? e.dur ?? 0;
      if (parent) self.set(parent.name, (self.get(parent.name) ?? 0) - own);
      else top += own;
      self.set(e.name, (self.get(e.name) ?? 0) + own);
      stack.push(e);
    }
    const list = [...self]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 14)
      .map(([n, us]) => `${n} ${(us / 1e6).toFixed(2)}`)
      .join(", ");
    lines.push(`  ${name}: ${(top / 1e6).toFixed(2)} s in tasks; own time (s): ${list}`);
  }
  return `trace:\n${lines.join("\n")}`;
}
