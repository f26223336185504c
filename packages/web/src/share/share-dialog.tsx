import type { MediaInfo } from "@sharespace/core/schema";
import { useEffect, useId, useRef } from "react";
import type { ApiClient } from "../api";
import { Alert } from "../components/alert";
import { Icon } from "../components/icon";
import { isVideo, nameOf } from "../gallery/describe";
import { LinksSection } from "./links-section";
import { PeopleSection } from "./people-section";
import styles from "./share-dialog.module.css";

export interface ShareDialogProps {
  api: Pick<ApiClient, "sharing">;
  /** What is shared: one item (from the viewer) or several (from a selection). */
  items: readonly MediaInfo[];
  /** The signed-in person's email: sharing with yourself is refused before asking. */
  ownEmail: string;
  onClose(): void;
}

/**
 * Sharing one item or a selection: with people by email, and (for one item) by links with
 * their policy, QR code and the phone's share sheet. A modal `<dialog>` over whatever
 * opened it; Escape closes it and focus returns where it was. Loaded only when first
 * opened (it carries the QR code library).
 */
export default function ShareDialog({ api, items, ownEmail, onClose }: ShareDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const one = items.length === 1 ? items[0] : undefined;

  useEffect(() => {
    const dialog = ref.current;
    const returnTo = document.activeElement;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      if (returnTo instanceof HTMLElement && returnTo.isConnected) {
        returnTo.focus({ preventScroll: true });
      }
    };
  }, []);

  const title = one ? `Share “${nameOf(one)}”` : `Share ${items.length.toLocaleString()} items`;
  const videos = items.some(isVideo);

  return (
    <dialog
      ref={ref}
      className={styles.dialog}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        // React carries `cancel` up its tree: the viewer behind must not close too.
        event.stopPropagation();
        onClose();
      }}
      // Keys stay here: the viewer behind moves between items on arrow keys.
      onKeyDown={(event) => event.stopPropagation()}
    >
      <div className={styles.head}>
        <h2 id={titleId} className={styles.title}>
          {title}
        </h2>
        <button type="button" className={styles.close} onClick={onClose}>
          <Icon>
            <path d="m5.5 5.5 9 9M14.5 5.5l-9 9" />
          </Icon>
          <span className="visually-hidden">Close</span>
        </button>
      </div>
      <div className={styles.content}>
        <PeopleSection api={api} items={items} ownEmail={ownEmail} />
        {one ? (
          <LinksSection api={api} item={one} />
        ) : (
          <p className={styles.note}>
            Links are made for one photo or video at a time: open it to make a link.
          </p>
        )}
        {videos && (
          <Alert tone="info" className={styles.videoNote}>
            Videos are shared as they are: the file keeps its embedded metadata, which can include
            where and when it was recorded.
          </Alert>
        )}
      </div>
    </dialog>
  );
}
