/**
 * The hashing worker: SHA-256 of a file off the main thread, so hashing a large video
 * never stalls scrolling or typing. One job at a time; the pool in `checksum.ts` feeds it.
 */
import { createSHA256 } from "hash-wasm";
import type { HashReply, HashRequest } from "./hash-protocol";
import { hashBlob } from "./hasher";

// The app's types are the page's (DOM); of the worker's own scope this needs only two members.
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<HashRequest>) => void) | null;
  postMessage(reply: HashReply): void;
};

const running = new Map<number, AbortController>();
const post = (reply: HashReply) => scope.postMessage(reply);

scope.onmessage = async ({ data }) => {
  if (data.type === "cancel") {
    running.get(data.id)?.abort();
    return;
  }
  const { id, file } = data;
  const controller = new AbortController();
  running.set(id, controller);
  try {
    const checksum = await hashBlob(file, await createSHA256(), {
      signal: controller.signal,
      onProgress: (hashed) => post({ type: "progress", id, hashed }),
    });
    post({ type: "done", id, checksum });
  } catch (error) {
    post({ type: "failed", id, message: error instanceof Error ? error.message : String(error) });
  } finally {
    running.delete(id);
  }
};
