import type { MediaInfo } from "@sharespace/core/schema";
import type { Auth, UploadsApi } from "../api";
import type { UploadEngine } from "./engine";

/**
 * One engine per signed-in account, kept at module level: it outlives the layout that shows
 * it (uploads go on while the person visits a page outside it) and React's double mounting
 * in development. It is loaded on first use, or at once when there are uploads to resume.
 */
interface Held {
  userId: string;
  engine: Promise<UploadEngine>;
  unsubscribe(): void;
}

/** What the engine needs of the API client. */
export interface EngineApi {
  uploads: UploadsApi;
  auth: Auth;
}

let held: Held | undefined;
const uploaded = new Set<(media: MediaInfo) => void>();

/** Calls `listener` with each item uploaded from now on; answers how to stop. */
export function onUploaded(listener: (media: MediaInfo) => void): () => void {
  uploaded.add(listener);
  return () => uploaded.delete(listener);
}

/** The account's engine, loading the engine's code the first time. */
export function loadEngine(api: EngineApi, userId: string): Promise<UploadEngine> {
  if (held?.userId !== userId) {
    dropEngine();
    const engine = import("./engine").then(({ createEngine }) =>
      createEngine({
        api: api.uploads,
        userId,
        onUploaded: (media) => {
          for (const listener of uploaded) listener(media);
        },
      }),
    );
    // Signed out (or in as someone else), wherever the person is in the app: stop.
    const unsubscribe = api.auth.subscribe(() => {
      if (api.auth.user?.id !== userId) dropEngine();
    });
    held = { userId, engine, unsubscribe };
  }
  return held.engine;
}

/** The engine if it is loaded or loading, without loading it. */
export const currentEngine = (userId: string) =>
  held?.userId === userId ? held.engine : undefined;

/** Stops the engine (signing out, another account); what a resume needs stays saved. */
export function dropEngine() {
  const previous = held;
  held = undefined;
  previous?.unsubscribe();
  void previous?.engine.then(
    (engine) => engine.destroy(),
    () => undefined,
  );
}

/** The key Golden Retriever saves an account's uploads under (its Uppy id, prefixed). */
export const savedStateKey = (userId: string) => `uppyState:sharespace-uploads-${userId}`;

/**
 * Whether this browser holds unfinished uploads of the account (a reload, a closed tab, a
 * restart): then the engine loads at once to resume them. Read the way Golden Retriever
 * reads it: uploads that all completed without error are not restored.
 */
export function hasUploadsToResume(
  userId: string,
  storage: Storage | undefined = globalThis.localStorage,
): boolean {
  try {
    const saved = storage?.getItem(savedStateKey(userId));
    if (!saved) return false;
    const state = JSON.parse(saved) as {
      expires?: number;
      metadata?: { files?: Record<string, { error?: unknown; progress?: { complete?: boolean } }> };
    };
    if (state.expires !== undefined && state.expires < Date.now()) return false;
    return Object.values(state.metadata?.files ?? {}).some(
      (file) => !file.progress?.complete || Boolean(file.error),
    );
  } catch {
    return false;
  }
}
