/**
 * A counting semaphore keyed by file: at most `size` holders at once, the rest wait in
 * order. Releasing is idempotent, so every way an upload can end may release its slot.
 */
export interface Slots {
  acquire(id: string, signal?: AbortSignal): Promise<void>;
  release(id: string): void;
}

export function createSlots(size: number): Slots {
  const holders = new Set<string>();
  const waiting: { id: string; grant(): void }[] = [];

  const pump = () => {
    while (holders.size < size && waiting.length > 0) {
      const next = waiting.shift() as (typeof waiting)[number];
      holders.add(next.id);
      next.grant();
    }
  };

  return {
    acquire(id, signal) {
      signal?.throwIfAborted();
      if (holders.has(id)) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const entry = { id, grant: resolve };
        waiting.push(entry);
        signal?.addEventListener(
          "abort",
          () => {
            const index = waiting.indexOf(entry);
            if (index >= 0) waiting.splice(index, 1);
            reject(signal.reason);
          },
          { once: true },
        );
        pump();
      });
    },
    release(id) {
      if (holders.delete(id)) pump();
      else {
        const index = waiting.findIndex((entry) => entry.id === id);
        if (index >= 0) waiting.splice(index, 1);
      }
    },
  };
}
