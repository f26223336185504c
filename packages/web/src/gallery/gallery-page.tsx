import { limits } from "@sharespace/core/schema";
import { Outlet, useNavigate, useRouteContext } from "@tanstack/react-router";
import {
  lazy,
  type ReactNode,
  Suspense,
  useCallback,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
} from "react";
import { Alert } from "../components/alert";
import { Button } from "../components/button";
import { ConfirmDialog } from "../components/confirm-dialog";
import { EmptyState } from "../components/empty-state";
import { PhotosArt } from "../components/illustrations";
import { Page } from "../components/page";
import { useAuth } from "../lib/use-auth";
import { GalleryContext, type GalleryContextValue } from "./context";
import { deleteMedia } from "./delete-media";
import styles from "./gallery-page.module.css";
import { loadedItems } from "./months";
import { SelectionBar } from "./selection-bar";
import { galleryOf } from "./store";
import { Timeline, type TimelineHandle } from "./timeline";
import { useSelection } from "./use-selection";

/** The share dialog, with the QR code library: loaded when first opened. */
const ShareDialog = lazy(() => import("../share/share-dialog"));

export interface GalleryPageProps {
  /** The upload button (the uploader's own module provides it). */
  upload: ReactNode;
}

const plural = (count: number, one: string, many: string) =>
  `${count.toLocaleString()} ${count === 1 ? one : many}`;

/** `/gallery`: the timeline, its selection, and the viewer opened over it (`<Outlet>`). */
export function GalleryPage({ upload }: GalleryPageProps) {
  const { api } = useRouteContext({ from: "__root__" });
  const store = galleryOf(api);
  const state = useSyncExternalStore(store.subscribe, () => store.state);
  const selection = useSelection(() => loadedItems(store.state.months).map((item) => item.id));
  const timeline = useRef<TimelineHandle>(null);
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  const [sharing, setSharing] = useState(false);
  const { state: auth } = useAuth();
  const [deleting, setDeleting] = useState(false);
  const [deleteError, setDeleteError] = useState<string>();
  const [announcement, setAnnouncement] = useState("");

  const total = state.months.reduce((sum, month) => sum + month.count, 0);
  const open = useCallback(
    (id: string) =>
      void navigate({ to: "/gallery/$id", params: { id }, state: { fromGallery: true } }),
    [navigate],
  );
  const context = useMemo<GalleryContextValue>(
    () => ({ store, returnFocus: (id) => timeline.current?.focusTile(id) }),
    [store],
  );

  const confirmDelete = async () => {
    setDeleting(true);
    setDeleteError(undefined);
    const ids = [...selection.selected];
    try {
      const gone = await deleteMedia(api.media, ids, (batch) => {
        store.removed(batch);
        selection.drop(batch);
      });
      setConfirming(false);
      selection.clear();
      setAnnouncement(`${plural(gone.length, "item", "items")} deleted.`);
    } catch (error) {
      setDeleteError((error as Error).message);
    } finally {
      setDeleting(false);
    }
  };

  const count = selection.selected.size;
  const description =
    state.status === "ready" && total > 0
      ? plural(total, "photo or video", "photos and videos")
      : "Your photos and videos, newest first.";

  return (
    <GalleryContext.Provider value={context}>
      <Page
        title="Gallery"
        description={description}
        actions={
          state.status === "ready" &&
          total > 0 && (
            <div className={styles.actions}>
              <Button
                variant="secondary"
                onClick={selection.start}
                aria-pressed={selection.selecting}
              >
                Select
              </Button>
              {upload}
            </div>
          )
        }
      >
        {state.status === "loading" && <div className={styles.skeleton} aria-hidden="true" />}
        {state.status === "error" && (
          <Alert tone="danger" title="Your gallery didn't load">
            {state.error?.message}{" "}
            <Button size="sm" onClick={() => void store.start()}>
              Try again
            </Button>
          </Alert>
        )}
        {state.status === "ready" && total === 0 && (
          <EmptyState art={<PhotosArt />} title="Your gallery is empty" actions={upload}>
            Upload your first photos and videos: drop them anywhere on this page, or choose them
            from this device. They appear here, newest first, grouped by month.
          </EmptyState>
        )}
        {state.status === "ready" && total > 0 && (
          <Timeline
            ref={timeline}
            store={store}
            state={state}
            selection={selection}
            onOpen={open}
          />
        )}
      </Page>
      {selection.selecting && (
        <SelectionBar
          count={count}
          onClear={selection.clear}
          onShare={() => setSharing(true)}
          onDelete={() => {
            setDeleteError(undefined);
            setConfirming(true);
          }}
        />
      )}
      {sharing && (
        <Suspense fallback={null}>
          <ShareDialog
            api={api}
            items={loadedItems(state.months).filter((item) => selection.selected.has(item.id))}
            ownEmail={auth.status === "signed-in" ? auth.user.email : ""}
            onClose={() => setSharing(false)}
          />
        </Suspense>
      )}
      <ConfirmDialog
        open={confirming}
        title={`Delete ${plural(count, "item", "items")}?`}
        confirmLabel={`Delete ${plural(count, "item", "items")}`}
        busy={deleting}
        error={deleteError}
        onConfirm={() => void confirmDelete()}
        onCancel={() => setConfirming(false)}
      >
        {count === 1 ? "It is" : "They are"} removed from your library for good, with any shares and
        links. {count > limits.media.bulkDeleteMax ? "This takes a moment." : ""}
      </ConfirmDialog>
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
      <Outlet />
    </GalleryContext.Provider>
  );
}
