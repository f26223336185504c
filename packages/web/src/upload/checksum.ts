import type { HashReply, HashRequest } from "./hash-protocol";

/** SHA-256 (base64) of a file, with progress; cancelled through `signal`. */
export type Checksum = (
  file: Blob,
  options?: { onProgress?: (hashedBytes: number) => void; signal?: AbortSignal },
) => Promise<string>;

interface Job {
  id: number;
  file: Blob;
  onProgress?: (hashedBytes: number) => void;
  resolve(checksum: string): void;
  reject(error: unknown): void;
}

/**
 * A small pool of hashing workers. Two by default: hashing is bound by disk and CPU, and
 * the page's own thread, the uploads and the other tabs need the rest of the machine.
 */
export function createChecksum(size = 2): Checksum {
  const idle: Worker[] = [];
  const queue: Job[] = [];
  const busy = new Map<number, { worker: Worker; job: Job }>();
  let workers = 0;
  let nextId = 1;

  const spawn = () => {
    const worker = new Worker(new URL("./hash-worker.ts", import.meta.url), { type: "module" });
    worker.onmessage = ({ data }: MessageEvent<HashReply>) => {
      const running = busy.get(data.id);
      if (!running) return;
      if (data.type === "progress") {
        running.job.onProgress?.(data.hashed);
        return;
      }
      busy.delete(data.id);
      if (data.type === "done") running.job.resolve(data.checksum);
      else running.job.reject(new Error(`Could not read the file: ${data.message}`));
      idle.push(worker);
      pump();
    };
    workers++;
    return worker;
  };

  const pump = () => {
    while (queue.length > 0 && (idle.length > 0 || workers < size)) {
      const job = queue.shift() as Job;
      const worker = idle.pop() ?? spawn();
      busy.set(job.id, { worker, job });
      worker.postMessage({ type: "hash", id: job.id, file: job.file } satisfies HashRequest);
    }
  };

  return (file, { onProgress, signal } = {}) =>
    new Promise<string>((resolve, reject) => {
      signal?.throwIfAborted();
      const job: Job = { id: nextId++, file, onProgress, resolve, reject };
      signal?.addEventListener(
        "abort",
        () => {
          const waiting = queue.indexOf(job);
          if (waiting >= 0) queue.splice(waiting, 1);
          const running = busy.get(job.id);
          // The worker answers `failed` once it stops; the caller has moved on already.
          running?.worker.postMessage({ type: "cancel", id: job.id } satisfies HashRequest);
          reject(signal.reason);
        },
        { once: true },
      );
      queue.push(job);
      pump();
    });
}
