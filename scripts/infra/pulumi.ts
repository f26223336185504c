/**
 * A stand-in for the `pulumi` CLI that SST drives, so that `sst diff` runs offline: it runs
 * the program SST built from `sst.config.ts` under Pulumi's mocks instead of the engine and
 * the AWS provider (native programs SST would download), and writes engine events to the
 * `--event-log` file the way the engine does, so SST reports progress and errors itself.
 *
 *   SST_PULUMI_PATH=<a script that execs: node scripts/infra/pulumi.ts "$@">
 *   SHARESPACE_INFRA_GRAPH=<file>   where the resource graph (`graph.ts`) is written
 *
 * It answers the two commands `sst diff` runs: `stack init` and `preview`. Started by
 * `harness.ts`; run by Node directly (no build step), hence the `.ts` import suffixes.
 * @module
 */
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { inspect } from "node:util";
import type { Graph, GraphResource } from "./graph.ts";
import { plain } from "./graph.ts";
import { call, localCommands, newResource } from "./mocks.ts";

/** The request the mock monitor receives for each resource (`proto/resource_pb`). */
interface RegisterRequest {
  getType(): string;
  getName(): string;
  getCustom(): boolean;
  getParent(): string;
  getProtect(): boolean;
  getRetainondelete(): boolean;
  getDependenciesList(): string[];
  getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
}
/** The monitor's answer to a registration: the mock's id and state. */
interface RegisterResponse {
  getUrn(): string;
  getId(): string;
  getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
}
type Callback = (error: unknown, response?: RegisterResponse) => void;
/** A component's `registerOutputs` (SST records e.g. a function's handler there). */
interface OutputsRequest {
  getUrn(): string;
  getOutputs(): { toJavaScript(): Record<string, unknown> } | undefined;
}

/** The parts of `@pulumi/pulumi` used here. */
interface Pulumi {
  runtime: {
    setAllConfig(config: Record<string, string>): void;
    setMocks(mocks: object, project: string, stack: string, preview: boolean): Promise<void>;
    getMonitor(): {
      registerResource(request: RegisterRequest, callback: Callback): void;
      registerResourceOutputs(request: OutputsRequest, callback: (error: unknown) => void): void;
    };
    runInPulumiStack(init: () => Promise<unknown>): Promise<Record<string, unknown> | undefined>;
    waitForRPCs(): Promise<void>;
  };
}

const args = process.argv.slice(2);
const option = (name: string) => {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
};

if (args[0] === "stack" && args[1] === "init") initStack(args[2] ?? "");
// Not awaited: a program stuck on a failed build would leave this module's evaluation
// unsettled, and Node then exits (code 13) without `beforeExit`, so without a report.
else if (args[0] === "preview") void preview();
else {
  console.error(`this pulumi stand-in runs previews only (got: pulumi ${args.join(" ")})`);
  process.exit(2);
}

/** Writes the empty checkpoint of a new stack where SST reads it (a file backend in cwd). */
function initStack(fullName: string) {
  const [, app = "", stage = ""] = fullName.split("/");
  const dir = join(".pulumi", "stacks", app);
  mkdirSync(dir, { recursive: true });
  const latest = { manifest: { time: new Date().toISOString(), magic: "", version: "" } };
  const checkpoint = { stack: fullName, latest: { ...latest, resources: [] } };
  writeFileSync(join(dir, `${stage}.json`), JSON.stringify({ version: 3, checkpoint }));
}

async function preview() {
  // SST runs this in a process group of its own: leave when SST is gone, not as an orphan,
  // and take the local commands (the site build) along.
  const parent = process.ppid;
  const orphaned = () => {
    for (const group of localCommands) {
      try {
        process.kill(-group, "SIGKILL");
      } catch {
        // Already gone.
      }
    }
    process.exit(1);
  };
  setInterval(() => process.ppid !== parent && orphaned(), 1000).unref();
  const [, app = "", stage = ""] = (option("--stack") ?? "").split("/");
  const eventLog = option("--event-log") ?? "";
  const config: Record<string, string> = {};
  args.forEach((arg, i) => {
    const [key = "", ...value] = arg === "--config" ? (args[i + 1] ?? "").split("=") : [];
    if (key) config[key] = value.join("=");
  });
  // SST writes a Pulumi.yaml naming the program it built; load Pulumi from beside it, so the
  // mocks go to the very instance the program uses.
  const main = /^main: (.+)$/m.exec(readFileSync("Pulumi.yaml", "utf8"))?.[1]?.trim() ?? "";
  const pulumi = createRequire(main)("@pulumi/pulumi") as Pulumi;

  const graph: Graph = {
    app,
    stage,
    resources: [],
    invokes: [],
    outputs: {},
    errors: [],
    unresolved: [],
  };
  let sequence = 0;
  const emit = (event: object) => {
    const line = { sequence: sequence++, timestamp: Math.floor(Date.now() / 1000), ...event };
    appendFileSync(eventLog, `${JSON.stringify(line)}\n`);
  };
  const fail = (error: unknown, urn = "") => {
    const message =
      error instanceof Error
        ? (error.stack ?? error.message)
        : typeof error === "string"
          ? error
          : inspect(error);
    if (graph.errors.includes(message)) return;
    graph.errors.push(message);
    emit({ diagnosticEvent: { urn, message, color: "never", severity: "error" } });
  };
  // Errors inside `apply` callbacks surface here, as they do under Pulumi's own host.
  process.on("unhandledRejection", (error) => fail(error));
  process.on("uncaughtException", (error) => fail(error));

  emit({ preludeEvent: { config } });
  pulumi.runtime.setAllConfig(config);
  await pulumi.runtime.setMocks(
    {
      newResource,
      call: (input: { token: string; inputs: Record<string, unknown> }) => {
        graph.invokes.push({ token: input.token, inputs: input.inputs });
        return call(input);
      },
    },
    app,
    stage,
    true,
  );
  recordRegistrations(pulumi, graph, emit, fail);

  // Apply callbacks (function builds, the site build) go on after the program returns:
  // report once nothing is left to run.
  let finished = false;
  process.once("beforeExit", () => {
    if (!finished) fail("the program never finished (it waits for something that failed)");
    for (const path of graph.unresolved) fail(`input never resolved: ${path}`);
    const create = graph.resources.length;
    emit({
      summaryEvent: { maybeCorrupt: false, durationSeconds: 0, resourceChanges: { create } },
    });
    writeFileSync(process.env.SHARESPACE_INFRA_GRAPH ?? "graph.json", JSON.stringify(graph));
    process.exitCode = graph.errors.length > 0 ? 1 : 0;
  });

  try {
    const outputs = await pulumi.runtime.runInPulumiStack(async () => {
      const program = (await import(main)) as { default: unknown };
      return program.default;
    });
    graph.outputs = (plain(outputs ?? {}, "outputs", graph.unresolved) ?? {}) as Graph["outputs"];
    await pulumi.runtime.waitForRPCs();
    finished = true;
  } catch (error) {
    finished = true;
    fail(error);
  }
}

/**
 * Wraps the mock monitor to keep what the engine would receive: every input (the mocks
 * only see resolved ones), and the options SST sets through transforms (retain, protect).
 */
function recordRegistrations(
  pulumi: Pulumi,
  graph: Graph,
  emit: (event: object) => void,
  fail: (error: unknown, urn?: string) => void,
) {
  const monitor = pulumi.runtime.getMonitor();
  const register = monitor.registerResource.bind(monitor);
  const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
  monitor.registerResource = (request, callback) => {
    register(request, (error, response) => {
      const urn = response?.getUrn() ?? "";
      if (error || !response) fail(error, urn);
      else graph.resources.push(toResource(request, response, graph.unresolved));
      const metadata = { op: "create", urn, type: request.getType(), provider: "" };
      emit({ resourcePreEvent: { metadata } });
      callback(error, response);
    });
  };
  monitor.registerResourceOutputs = (request, callback) => {
    const resource = graph.resources.find(({ urn }) => urn === request.getUrn());
    const outputs = request.getOutputs()?.toJavaScript() ?? {};
    // Only recorded (SST's code reads a component's properties, not these outputs), so an
    // unknown one here is not reported.
    if (resource) resource.outputs = plain(outputs, resource.urn, []) as Record<string, unknown>;
    registerOutputs(request, callback);
  };
}

function toResource(
  request: RegisterRequest,
  response: RegisterResponse,
  unresolved: string[],
): GraphResource {
  const urn = response.getUrn();
  const inputs = plain(request.getObject()?.toJavaScript() ?? {}, urn, unresolved);
  const outputs = plain(response.getObject()?.toJavaScript() ?? {}, urn, []);
  return {
    urn,
    id: response.getId(),
    type: request.getType(),
    name: request.getName(),
    custom: request.getCustom(),
    parent: request.getParent(),
    dependencies: request.getDependenciesList(),
    inputs: inputs as Record<string, unknown>,
    outputs: outputs as Record<string, unknown>,
    protect: request.getProtect(),
    retainOnDelete: request.getRetainondelete(),
  };
}
