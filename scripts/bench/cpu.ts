/**
 * CPU time of this process and everything it started, by kind of process, read from Linux's
 * `/proc` (elsewhere: nothing). A bench takes one reading before and one after what it
 * measures and prints the difference, to say where the time of a CPU-bound run went: this
 * Node process (the app, s3rver, Process), DynamoDB Local's Java, and Chromium's browser,
 * renderer, network and GPU processes.
 * @module
 */
import { readdirSync, readFileSync } from "node:fs";

/** CPU seconds (user + system) by kind of process. */
export type CpuReading = Record<string, number>;

const TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux this runs on

interface Proc {
  pid: number;
  ppid: number;
  seconds: number;
  kind: string;
}

function read(pid: number): Proc | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name may hold spaces and parentheses: the fields start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    // Chromium rewrites its children's titles into one string: split on spaces too.
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").split(/[\0 ]/);
    return {
      pid,
      ppid: Number(fields[1]),
      seconds: ticks / TICKS_PER_SECOND,
      kind: kindOf(cmdline),
    };
  } catch {
    return undefined; // gone meanwhile
  }
}

function kindOf(cmdline: string[]): string {
  const [exe = ""] = cmdline;
  if (/chrom/i.test(exe)) {
    const type = cmdline.find((arg) => arg.startsWith("--type="))?.slice(7);
    const service = cmdline
      .find((arg) => arg.startsWith("--utility-sub-type="))
      ?.slice(19)
      .split(".")[0];
    if (!type) return "chromium browser";
    return `chromium ${type === "utility" && service ? service : type}`;
  }
  if (/java/.test(exe)) return "java (DynamoDB Local)";
  return exe.split("/").at(-1) ?? exe;
}

/** The CPU seconds used so far by this process and its descendants, by kind. */
export function cpuNow(): CpuReading {
  let procs: Proc[];
  try {
    procs = readdirSync("/proc")
      .filter((name) => /^\d+$/.test(name))
      .flatMap((name) => read(Number(name)) ?? []);
  } catch {
    return {};
  }
  const children = new Map<number, Proc[]>();
  for (const proc of procs) children.set(proc.ppid, [...(children.get(proc.ppid) ?? []), proc]);
  const reading: CpuReading = {};
  const visit = (proc: Proc, self: boolean) => {
    const kind = self ? "this process (app, s3rver, Process)" : proc.kind;
    reading[kind] = (reading[kind] ?? 0) + proc.seconds;
    for (const child of children.get(proc.pid) ?? []) visit(child, false);
  };
  const me = procs.find((proc) => proc.pid === process.pid);
  if (me) visit(me, true);
  return reading;
}

/** What ran between two readings, largest first, e.g. `chromium renderer 3.1 s, …`. */
export function cpuSince(before: CpuReading, after = cpuNow()): string {
  const used = Object.entries(after)
    .map(([kind, seconds]) => [kind, seconds - (before[kind] ?? 0)] as const)
    .filter(([, seconds]) => seconds >= 0.05)
    .sort((a, b) => b[1] - a[1]);
  const total = used.reduce((sum, [, seconds]) => sum + seconds, 0);
  return `CPU ${total.toFixed(1)} s: ${used.map(([kind, s]) => `${kind} ${s.toFixed(1)} s`).join(", ")}`;
}
