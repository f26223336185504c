import type { MediaInfo } from "@sharespace/core/schema";
import { memo, useState } from "react";
import { Icon } from "../components/icon";
import { formatDuration, isVideo, nameOf, tileLabel } from "./describe";
import { placeholderUrl } from "./placeholder";
import styles from "./tile.module.css";

export interface TileProps {
  item: MediaInfo;
  width: number;
  height: number;
  selected: boolean;
  /** Selection mode: the check shows on every tile. */
  selecting: boolean;
  /** The one tile in the tab order (roving focus). */
  tabbable: boolean;
  /** The thumbnail failed to load (its URL may have expired). */
  onImageError(item: MediaInfo): void;
}

/**
 * One picture in the grid: the ThumbHash placeholder at once, the thumbnail over it once
 * loaded. Only tiles of rows on screen exist, so only their thumbnails are fetched.
 * Clicks, keys and long-presses are handled by the grid, which knows the selection.
 */
export const Tile = memo(function Tile({
  item,
  width,
  height,
  selected,
  selecting,
  tabbable,
  onImageError,
}: TileProps) {
  const [loaded, setLoaded] = useState(false);
  const placeholder = placeholderUrl(item.placeholder);
  const thumbnail = item.urls?.thumbnail;
  const video = isVideo(item);
  const state = item.status === "ready" ? undefined : item.status;

  return (
    // biome-ignore lint/a11y/useSemanticElements: a cell of the ARIA grid (timeline.tsx), laid out in justified rows, not a table.
    <div
      role="gridcell"
      tabIndex={tabbable ? 0 : -1}
      aria-selected={selected}
      aria-label={tileLabel(item)}
      data-id={item.id}
      title={state === "failed" ? `${nameOf(item)}: ${item.failure ?? ""}` : undefined}
      className={[
        styles.tile,
        selected && styles.selected,
        selecting && styles.selecting,
        state && styles[state],
        video && !thumbnail && styles.videoTile,
      ]
        .filter(Boolean)
        .join(" ")}
      style={{
        width,
        height,
        backgroundImage: placeholder ? `url("${placeholder}")` : undefined,
      }}
    >
      {thumbnail && (
        <img
          className={[styles.image, loaded && styles.loaded].filter(Boolean).join(" ")}
          src={thumbnail}
          alt=""
          decoding="async"
          draggable={false}
          onLoad={() => setLoaded(true)}
          onError={() => onImageError(item)}
        />
      )}
      {video && (
        <span className={styles.video} aria-hidden="true">
          <Icon viewBox="0 0 20 20" strokeWidth={0}>
            <path d="M7 5.5v9l7.5-4.5z" fill="currentColor" />
          </Icon>
          {item.durationSeconds !== undefined && formatDuration(item.durationSeconds)}
        </span>
      )}
      {(state === "processing" || state === "uploading") && (
        <span className={styles.state} aria-hidden="true">
          <span className={styles.pulse} />
          Processing
        </span>
      )}
      {state === "failed" && (
        <span className={styles.state} aria-hidden="true">
          <Icon>
            <circle cx="10" cy="10" r="7" />
            <path d="M10 6.5v4M10 13.4v.1" />
          </Icon>
          Couldn't process
        </span>
      )}
      <span className={styles.check} data-check aria-hidden="true">
        <Icon strokeWidth={2.2}>
          <path d="m6 10.3 2.6 2.6L14 7.6" />
        </Icon>
      </span>
    </div>
  );
});
