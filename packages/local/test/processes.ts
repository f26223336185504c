/**
 * What a running `npm start` is made of, read from Linux's /proc: its processes (Node, Java)
 * and the TCP ports they listen on, with the address each is bound to. Tests use it to find
 * every port of the stack without trusting the stack's own account of them.
 */
import { readdirSync, readFileSync, readlinkSync } from "node:fs";

/** `root` and every process below it. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const stat = readStat(pid);
    if (stat) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), pid]);
  }
  const tree: number[] = [];
  const visit = (pid: number) => {
    tree.push(pid);
    for (const child of children.get(pid) ?? []) visit(child);
  };
  visit(root);
  return tree;
}

/** The command name of a process (`java`, `node`, ...). */
export function commandName(pid: number): string | undefined {
  return readStat(pid)?.name;
}

function readStat(pid: number): { name: string; ppid: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    return { name, ppid };
  } catch {
    return undefined; // gone meanwhile
  }
}

/** A listening TCP socket. */
export interface Listener {
  pid: number;
  port: number;
  /** The bound address: `127.0.0.1`, `0.0.0.0`, `::`, `::ffff:127.0.0.1`, ... */
  address: string;
}

/** Every TCP socket the processes listen on. */
export function listeningSockets(pids: number[]): Listener[] {
  const byInode = new Map<string, { port: number; address: string }>();
  for (const [file, v6] of [
    ["/proc/net/tcp", false],
    ["/proc/net/tcp6", true],
  ] as const) {
    for (const line of readFileSync(file, "utf8").split("\n").slice(1)) {
      const fields = line.trim().split(/\s+/);
      const [local, state, inode] = [fields[1], fields[3], fields[9]];
      if (!local || state !== "0A" || !inode) continue; // 0A: LISTEN
      const [hex = "", port = "0"] = local.split(":");
      byInode.set(inode, { port: Number.parseInt(port, 16), address: decodeAddress(hex, v6) });
    }
  }
  const sockets: Listener[] = [];
  for (const pid of pids) {
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      let target = "";
      try {
        target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      const socket = inode ? byInode.get(inode) : undefined;
      if (socket) sockets.push({ pid, ...socket });
    }
  }
  return sockets;
}

/** /proc writes addresses as little-endian 32-bit words in hex. */
function decodeAddress(hex: string, v6: boolean): string {
  const words = hex.match(/.{8}/g) ?? [];
  const bytes = words.flatMap((word) =>
    (word.match(/../g) ?? []).reverse().map((b) => Number.parseInt(b, 16)),
  );
  if (!v6) return bytes.join(".");
  const mapped = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 255 && bytes[11] === 255;
  if (mapped) return `::ffff:${bytes.slice(12).join(".")}`;
  if (bytes.every((b) => b === 0)) return "::";
  if (bytes.slice(0, 15).every((b) => b === 0) && bytes[15] === 1) return "::1";
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) {
    groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  }
  return groups.join(":");
}

/** Whether an address only this machine can reach. */
export function isLoopback(address: string): boolean {
  return /^127\./.test(address) || address === "::1" || /^::ffff:127\./.test(address);
}
