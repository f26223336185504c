import type { SharedMedia } from "@sharespace/core/schema";
import { useEffect, useId, useRef } from "react";
import { buttonClass } from "../components/button";
import { Icon } from "../components/icon";
import { isVideo, nameOf } from "../gallery/describe";
import { formatDate } from "../lib/format";
import styles from "./shared-page.module.css";

/**
 * One item shared with me, over the page: to look at and download, not to edit (only its
 * owner can). A modal `<dialog>`: Escape closes it, and focus returns to its tile.
 */
export function SharedViewer({ item, onClose }: { item: SharedMedia; onClose(): void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const name = nameOf(item);

  useEffect(() => {
    const dialog = ref.current;
    const returnTo = document.activeElement;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      if (returnTo instanceof HTMLElement && returnTo.isConnected) returnTo.focus();
    };
  }, []);

  const urls = item.urls;
  return (
    <dialog
      ref={ref}
      className={styles.viewer}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <div className={styles.viewerBar}>
        <div className={styles.viewerTitles}>
          <h2 id={titleId} className={styles.viewerTitle}>
            {name}
          </h2>
          <p className={styles.viewerBy}>
            Shared by {item.sharedBy.name} on {formatDate(item.sharedAt)}
          </p>
        </div>
        {urls?.download && (
          <a className={buttonClass({ size: "sm" })} href={urls.download} download={item.filename}>
            Download
          </a>
        )}
        <button type="button" className={styles.viewerClose} onClick={onClose}>
          <Icon>
            <path d="m5.5 5.5 9 9M14.5 5.5l-9 9" />
          </Icon>
          <span className="visually-hidden">Close</span>
        </button>
      </div>
      <div className={styles.viewerStage}>
        {!urls ? (
          <p className={styles.viewerNote}>This is still being prepared.</p>
        ) : isVideo(item) ? (
          // biome-ignore lint/a11y/useMediaCaption: people's own videos come without captions.
          <video
            className={styles.viewerMedia}
            src={urls.original}
            poster={urls.preview}
            controls
            playsInline
            aria-label={name}
          />
        ) : (
          <img
            className={styles.viewerMedia}
            src={urls.preview ?? urls.original}
            alt={item.description.trim() || name}
          />
        )}
      </div>
    </dialog>
  );
}
