import type { MediaInfo } from "@sharespace/core/schema";
import { useNavigate, useRouteContext, useRouter, useRouterState } from "@tanstack/react-router";
import { lazy, Suspense, useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import type { ApiError } from "../api";
import { ConfirmDialog } from "../components/confirm-dialog";
import { useGallery } from "../gallery/context";
import { nameOf } from "../gallery/describe";
import { loadedItems, monthOf } from "../gallery/months";
import { useAuth } from "../lib/use-auth";
import { InfoPanel } from "./info-panel";
import { Stage } from "./stage";
import { Toolbar } from "./toolbar";
import styles from "./viewer.module.css";

/** The share dialog, with the QR code library: loaded when first opened. */
const ShareDialog = lazy(() => import("../share/share-dialog"));

/** Whether the info panel is open, kept while the person moves between items. */
let infoOpen = typeof window !== "undefined" && window.matchMedia?.("(min-width: 1100px)").matches;

/**
 * One item, full screen, over the gallery: its own URL (`/gallery/$id`), so a reload keeps
 * it open. A modal `<dialog>`: the gallery behind is inert, Escape closes, and the tile
 * gets focus back. Arrow keys and swipes move to the previous (newer) and next item.
 */
export function Viewer({ id }: { id: string }) {
  const { api } = useRouteContext({ from: "__root__" });
  const { store, returnFocus } = useGallery();
  const navigate = useNavigate();
  const router = useRouter();
  const fromGallery = useRouterState({ select: (s) => s.location.state.fromGallery === true });
  const state = useSyncExternalStore(store.subscribe, () => store.state);
  const items = useMemo(() => loadedItems(state.months), [state.months]);
  const index = items.findIndex((item) => item.id === id);
  const [fetched, setFetched] = useState<{ id: string; item?: MediaInfo; error?: ApiError }>();
  const [showInfo, setShowInfo] = useState(infoOpen);
  const [confirming, setConfirming] = useState(false);
  const [sharing, setSharing] = useState(false);
  const { state: auth } = useAuth();
  const [deleting, setDeleting] = useState(false);
  const [deleteError, setDeleteError] = useState<string>();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const lastId = useRef(id);
  lastId.current = id;

  const item = index >= 0 ? items[index] : fetched?.id === id ? fetched.item : undefined;
  const previous = index > 0 ? items[index - 1] : undefined;
  const next = index >= 0 ? items[index + 1] : undefined;

  // Opened by URL (a reload, a link): the item comes from the API, and its month loads so
  // previous and next are there too.
  useEffect(() => {
    if (index >= 0) return;
    const abort = new AbortController();
    api.media.get(id, abort.signal).then(
      (found) => setFetched({ id, item: found }),
      (error: unknown) => {
        if (!abort.signal.aborted) setFetched({ id, error: error as ApiError });
      },
    );
    return () => abort.abort();
  }, [api, id, index]);

  // Neighbours beyond what is loaded: this month's next page, and the months around it.
  const month = item ? monthOf(item.takenAt) : undefined;
  useEffect(() => {
    if (!month) return;
    const months = state.months.map((slot) => slot.month);
    const at = months.indexOf(month);
    store.want([month, months[at + 1], months[at - 1]].filter((m): m is string => !!m));
  }, [store, month, state.months]);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    // Unmounted after the dialog left the page: the tile can take focus back.
    return () => returnFocus(lastId.current);
  }, [returnFocus]);

  const go = (target: MediaInfo | undefined) => {
    if (!target) return;
    void navigate({
      to: "/gallery/$id",
      params: { id: target.id },
      replace: true,
      state: { fromGallery },
    });
  };
  const close = () => {
    if (fromGallery) router.history.back();
    else void navigate({ to: "/gallery", replace: true });
  };

  const onKeyDown = (event: React.KeyboardEvent) => {
    const target = event.target as HTMLElement;
    if (target.closest("input, textarea, select, video, [data-zoomed]")) return;
    if (event.key === "ArrowLeft") go(previous);
    else if (event.key === "ArrowRight") go(next);
    else return;
    event.preventDefault();
  };

  const remove = async () => {
    if (!item) return;
    setDeleting(true);
    setDeleteError(undefined);
    try {
      await api.media.remove(item.id);
      store.removed([item.id]);
      setConfirming(false);
      if (next ?? previous) go(next ?? previous);
      else close();
    } catch (error) {
      setDeleteError((error as Error).message);
    } finally {
      setDeleting(false);
    }
  };

  const toggleInfo = () => {
    infoOpen = !showInfo;
    setShowInfo(infoOpen);
  };

  const missing = fetched?.id === id ? fetched.error : undefined;
  const title = item ? nameOf(item) : missing ? "Not found" : "Loading…";

  return (
    <dialog
      ref={dialogRef}
      className={[styles.viewer, showInfo && item && styles.withInfo].filter(Boolean).join(" ")}
      aria-label={title}
      onCancel={(event) => {
        event.preventDefault();
        if (!confirming && !sharing) close();
      }}
      onKeyDown={onKeyDown}
    >
      <Toolbar
        item={item}
        title={title}
        infoOpen={showInfo}
        onClose={close}
        onInfo={toggleInfo}
        onShare={() => setSharing(true)}
        onDelete={() => setConfirming(true)}
      />
      <Stage
        item={item}
        previous={previous}
        next={next}
        onPrevious={() => go(previous)}
        onNext={() => go(next)}
        missing={
          missing
            ? missing.status === 404 || missing.status === 400
              ? "This photo or video isn't in your library. It may have been deleted."
              : missing.message
            : undefined
        }
      />
      {showInfo && item && (
        <InfoPanel
          key={item.id}
          item={item}
          onClose={toggleInfo}
          onSave={async (body) => {
            const saved = await api.media.update(item.id, body);
            store.replaced(saved);
            if (index < 0) setFetched({ id: saved.id, item: saved });
            return saved;
          }}
        />
      )}
      {sharing && item && (
        <Suspense fallback={null}>
          <ShareDialog
            api={api}
            items={[item]}
            ownEmail={auth.status === "signed-in" ? auth.user.email : ""}
            onClose={() => setSharing(false)}
          />
        </Suspense>
      )}
      <ConfirmDialog
        open={confirming}
        title="Delete this item?"
        confirmLabel="Delete"
        busy={deleting}
        error={deleteError}
        onConfirm={() => void remove()}
        onCancel={() => setConfirming(false)}
      >
        {item ? `“${nameOf(item)}” is` : "It is"} removed from your library for good, with any
        shares and links.
      </ConfirmDialog>
    </dialog>
  );
}
