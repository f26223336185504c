import type { Checksum } from "./checksum";

/**
 * Checksums computed while a file's parts are on their way: a large file is announced
 * without one and sends it when it completes (the API claims it then), so hashing costs no
 * time before the first byte leaves. One hash per file, started once and awaited at the end.
 */
export interface BackgroundHashes {
  /** Starts hashing `file` for upload `id`, unless it is already being hashed. */
  start(id: string, file: Blob): void;
  /** The checksum of `file`, from the hash already running or a new one. */
  result(id: string, file: Blob): Promise<string>;
  /** Stops and forgets the hash of `id` (cancelled, removed). */
  cancel(id: string): void;
  /** Stops them all. */
  clear(): void;
}

export function createBackgroundHashes(
  checksum: Checksum,
  /** Told of each checksum once known (the engine keeps it for a resume). */
  onHashed: (id: string, checksum: string) => void,
): BackgroundHashes {
  const running = new Map<string, { promise: Promise<string>; controller: AbortController }>();

  const start = (id: string, file: Blob) => {
    const known = running.get(id);
    if (known) return known;
    const controller = new AbortController();
    const promise = checksum(file, { signal: controller.signal }).then((sum) => {
      onHashed(id, sum);
      return sum;
    });
    // Awaited by `result`; a hash nobody waits for must not report an unhandled rejection.
    promise.catch(() => undefined);
    const entry = { promise, controller };
    running.set(id, entry);
    // A failed hash is not kept: the next `result` tries again.
    promise.then(
      () => undefined,
      () => {
        if (running.get(id) === entry) running.delete(id);
      },
    );
    return entry;
  };

  return {
    start(id, file) {
      start(id, file);
    },
    result: (id, file) => start(id, file).promise,
    cancel(id) {
      running.get(id)?.controller.abort();
      running.delete(id);
    },
    clear() {
      for (const { controller } of running.values()) controller.abort();
      running.clear();
    },
  };
}
