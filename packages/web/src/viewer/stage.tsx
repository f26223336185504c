import type { MediaInfo } from "@sharespace/core/schema";
import { lazy, type PointerEvent, Suspense, useRef, useState } from "react";
import { Icon } from "../components/icon";
import { Spinner } from "../components/spinner";
import { isVideo, nameOf } from "../gallery/describe";
import { placeholderUrl } from "../gallery/placeholder";
import styles from "./viewer.module.css";

// Loaded only when someone zooms or plays a video: neither is needed to show a picture.
const Zoom = lazy(() => import("./zoom"));
const VideoPlayer = lazy(() => import("./video-player"));

/** Types every browser draws: the original can be zoomed into; others zoom the preview. */
const drawable = new Set(["image/jpeg", "image/png", "image/webp", "image/gif", "image/avif"]);

export interface StageProps {
  item: MediaInfo | undefined;
  previous: MediaInfo | undefined;
  next: MediaInfo | undefined;
  onPrevious(): void;
  onNext(): void;
  /** Why there is nothing to show (not found). */
  missing?: string | undefined;
}

const SWIPE_PX = 60;

/** The picture or video, with previous and next at the sides and swipes between them. */
export function Stage({ item, previous, next, onPrevious, onNext, missing }: StageProps) {
  const [zoomed, setZoomed] = useState<string | null>(null);
  const swipe = useRef<{ x: number; y: number } | null>(null);
  const isZoomed = zoomed === item?.id;

  const onPointerDown = (event: PointerEvent) => {
    if (isZoomed || event.pointerType === "mouse") return;
    swipe.current = { x: event.clientX, y: event.clientY };
  };
  const onPointerUp = (event: PointerEvent) => {
    const start = swipe.current;
    swipe.current = null;
    if (!start) return;
    const dx = event.clientX - start.x;
    const dy = event.clientY - start.y;
    if (Math.abs(dx) < SWIPE_PX || Math.abs(dy) > Math.abs(dx)) return;
    if (dx > 0) onPrevious();
    else onNext();
  };

  const placeholder = placeholderUrl(item?.placeholder);
  const preview = item?.urls?.preview ?? item?.urls?.thumbnail;
  const original =
    item?.urls && drawable.has(item.contentType) ? item.urls.original : (preview ?? undefined);

  let content: React.ReactNode;
  if (missing) {
    content = <p className={styles.message}>{missing}</p>;
  } else if (!item) {
    content = <Spinner size="lg" label="Loading…" />;
  } else if (item.status === "failed") {
    content = (
      <div className={styles.message}>
        <Icon className={styles.messageIcon}>
          <circle cx="10" cy="10" r="7" />
          <path d="M10 6.5v4M10 13.4v.1" />
        </Icon>
        <p>
          <strong>This file couldn't be processed.</strong>
        </p>
        <p>{item.failure ?? "Something about it was not what its type said."}</p>
      </div>
    );
  } else if (item.status !== "ready") {
    content = (
      <div className={styles.message}>
        <Spinner size="lg" />
        <p>
          <strong>Still processing.</strong> It shows here as soon as it's ready.
        </p>
      </div>
    );
  } else if (isVideo(item) && item.urls) {
    content = (
      <Suspense fallback={<Spinner size="lg" label="Loading the player…" />}>
        <VideoPlayer key={item.id} src={item.urls.original} poster={preview} label={nameOf(item)} />
      </Suspense>
    );
  } else if (isZoomed && original) {
    const still = (
      <img className={styles.picture} src={preview} alt={nameOf(item)} draggable={false} />
    );
    content = (
      <Suspense fallback={still}>
        <Zoom src={original} preview={preview} alt={nameOf(item)} onExit={() => setZoomed(null)} />
      </Suspense>
    );
  } else {
    content = preview ? (
      // Double-click to zoom is a shortcut; the Zoom button does the same.
      <img
        key={item.id}
        className={styles.picture}
        src={preview}
        alt={nameOf(item)}
        draggable={false}
        style={{
          ["--aspect" as string]: item.width && item.height ? item.width / item.height : undefined,
          aspectRatio: item.width && item.height ? `${item.width} / ${item.height}` : undefined,
          backgroundImage: placeholder ? `url("${placeholder}")` : undefined,
        }}
        onDoubleClick={() => setZoomed(item.id)}
      />
    ) : (
      <div className={styles.message}>
        <p>There is no preview of this file yet.</p>
      </div>
    );
  }

  const canZoom = item?.status === "ready" && !isVideo(item) && !!original;
  return (
    <div
      className={styles.stage}
      onPointerDown={onPointerDown}
      onPointerUp={onPointerUp}
      onPointerCancel={() => {
        swipe.current = null;
      }}
    >
      {content}
      {previous && !isZoomed && (
        <button type="button" className={`${styles.nav} ${styles.prev}`} onClick={onPrevious}>
          <Icon>
            <path d="M12.5 4.5 7 10l5.5 5.5" />
          </Icon>
          <span className="visually-hidden">Previous</span>
        </button>
      )}
      {next && !isZoomed && (
        <button type="button" className={`${styles.nav} ${styles.next}`} onClick={onNext}>
          <Icon>
            <path d="m7.5 4.5 5.5 5.5-5.5 5.5" />
          </Icon>
          <span className="visually-hidden">Next</span>
        </button>
      )}
      {canZoom && (
        <button
          type="button"
          className={styles.zoomButton}
          aria-pressed={isZoomed}
          onClick={() => setZoomed(isZoomed ? null : (item?.id ?? null))}
        >
          <Icon>
            <circle cx="9" cy="9" r="5.5" />
            <path d="m13 13 3.5 3.5" />
            {isZoomed ? <path d="M6.5 9h5" /> : <path d="M6.5 9h5M9 6.5v5" />}
          </Icon>
          {isZoomed ? "Fit to screen" : "Zoom"}
        </button>
      )}
    </div>
  );
}
