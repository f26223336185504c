import { useRouter } from "@tanstack/react-router";
import {
  type ReactNode,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
} from "react";
import { acceptAttribute, judge } from "./accept";
import { type UploadList, UploadListContext, type Uploads, UploadsContext } from "./context";
import { DropOverlay } from "./drop-overlay";
import type { Pick, UploadEngine } from "./engine";
import { type EngineApi, hasUploadsToResume, loadEngine, onUploaded } from "./engine-holder";
import { announcement, canDismiss, refusedItem, summarize, type UploadItem } from "./state";
import { UploadPanel } from "./upload-panel";
import { useWindowFiles } from "./use-window-files";

export interface UploadProviderProps {
  api: EngineApi;
  /** The signed-in user: uploads are kept (and resumed) per account. */
  userId: string;
  /** The page of an item in the library; default `/media/{id}`. */
  mediaHref?: (id: string) => string;
  children: ReactNode;
}

const none: readonly UploadItem[] = [];
const noSubscription = () => () => {};
let refusedCount = 0;

/**
 * The uploader for the signed-in app: drop files anywhere, paste them, or pick files or a
 * folder; the progress panel and its announcements. The engine (Uppy and the hashing
 * worker) is loaded only once an upload starts, or at once when a reload left uploads to
 * resume.
 */
export function UploadProvider({
  api,
  userId,
  mediaHref = (id) => `/media/${encodeURIComponent(id)}`,
  children,
}: UploadProviderProps) {
  const router = useRouter();
  const [engine, setEngine] = useState<UploadEngine>();
  const [refused, setRefused] = useState<readonly UploadItem[]>(none);
  const filesInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);

  const load = useCallback(async () => {
    const loaded = await loadEngine(api, userId);
    setEngine(loaded);
    return loaded;
  }, [api, userId]);

  // Uploads left by a reload, a closed tab or a restart resume without being asked.
  useEffect(() => {
    setEngine(undefined);
    if (hasUploadsToResume(userId)) void load();
  }, [userId, load]);

  const addFiles = useCallback(
    (files: Iterable<File> | ArrayLike<File>) => {
      const picks: Pick[] = [];
      const refusedNow: UploadItem[] = [];
      for (const file of Array.from(files)) {
        const verdict = judge(file);
        if (verdict.ok) picks.push({ file, contentType: verdict.contentType });
        else refusedNow.push(refusedItem(`refused-${++refusedCount}`, file, verdict.reason));
      }
      if (refusedNow.length) setRefused((previous) => [...previous, ...refusedNow]);
      if (picks.length) {
        load().then(
          (loaded) => loaded.add(picks),
          (error: unknown) => console.warn("[upload] the uploader did not load:", error),
        );
      }
    },
    [load],
  );

  useWindowFiles(addFiles);

  const uploads = useMemo<Uploads>(
    () => ({
      pickFiles: () => filesInput.current?.click(),
      pickFolder: () => folderInput.current?.click(),
      addFiles,
      onUploaded,
    }),
    [addFiles],
  );

  const engineItems = useSyncExternalStore(
    engine?.subscribe ?? noSubscription,
    () => engine?.items() ?? none,
  );
  const items = useMemo(() => [...engineItems, ...refused], [engineItems, refused]);
  const list = useMemo<UploadList>(
    () => ({
      items,
      summary: summarize(items, { bytesPerSecond: engine?.bytesPerSecond() }),
      cancel: (id) => void engine?.cancel(id),
      retry: (id) => engine?.retry(id),
      dismiss: (id) => {
        if (refused.some((item) => item.id === id)) {
          setRefused((previous) => previous.filter((item) => item.id !== id));
        } else engine?.dismiss(id);
      },
      dismissFinished: () => {
        setRefused(none);
        for (const item of engineItems) if (canDismiss(item)) engine?.dismiss(item.id);
      },
      mediaHref,
      navigate: (href) => void router.navigate({ href }),
    }),
    [items, engine, refused, engineItems, mediaHref, router],
  );

  const onPicked = (input: HTMLInputElement | null) => {
    if (!input?.files) return;
    addFiles(input.files);
    // The same file can be chosen again (after a cancel, to resume after a reload).
    input.value = "";
  };

  return (
    <UploadsContext.Provider value={uploads}>
      <UploadListContext.Provider value={list}>
        {children}
        <input
          ref={filesInput}
          type="file"
          multiple
          accept={acceptAttribute}
          hidden
          data-upload-input="files"
          onChange={(event) => onPicked(event.currentTarget)}
        />
        <input
          ref={folderInput}
          type="file"
          multiple
          hidden
          data-upload-input="folder"
          // Not in React's types, passed through as is: the folder picker.
          {...{ webkitdirectory: "" }}
          onChange={(event) => onPicked(event.currentTarget)}
        />
        <DropOverlay onFiles={addFiles} />
        <UploadPanel />
        <Announcer items={items} />
      </UploadListContext.Provider>
    </UploadsContext.Provider>
  );
}

/**
 * Says politely what finished or failed since the last change, from a live region that is
 * always in the page (a region added with its text is not read by every screen reader).
 */
function Announcer({ items }: { items: readonly UploadItem[] }) {
  const previous = useRef(items);
  const [text, setText] = useState("");
  useEffect(() => {
    const said = announcement(previous.current, items);
    previous.current = items;
    if (said) setText(said);
  }, [items]);
  return (
    <div className="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
      {text}
    </div>
  );
}
