import type { MediaInfo } from "@sharespace/core/schema";
import { Icon } from "../components/icon";
import styles from "./viewer.module.css";

export interface ToolbarProps {
  item: MediaInfo | undefined;
  title: string;
  infoOpen: boolean;
  onClose(): void;
  onInfo(): void;
  onShare(): void;
  onDelete(): void;
}

/** The viewer's top bar: back to the gallery, the item's name, and what to do with it. */
export function Toolbar({
  item,
  title,
  infoOpen,
  onClose,
  onInfo,
  onShare,
  onDelete,
}: ToolbarProps) {
  return (
    <div className={styles.toolbar}>
      <button type="button" className={styles.tool} onClick={onClose}>
        <Icon>
          <path d="M12.5 4.5 7 10l5.5 5.5" />
        </Icon>
        <span className={styles.toolLabel}>Back to gallery</span>
      </button>
      <h2 className={styles.title}>{title}</h2>
      {item && (
        <div className={styles.tools}>
          <button type="button" className={styles.tool} aria-pressed={infoOpen} onClick={onInfo}>
            <Icon>
              <circle cx="10" cy="10" r="7" />
              <path d="M10 9v4.5M10 6.6v.1" />
            </Icon>
            <span className={styles.toolLabel}>Info</span>
          </button>
          <button type="button" className={styles.tool} onClick={onShare}>
            <Icon>
              <circle cx="14.5" cy="5" r="2" />
              <circle cx="5.5" cy="10" r="2" />
              <circle cx="14.5" cy="15" r="2" />
              <path d="m7.3 9 5.4-3M7.3 11l5.4 3" />
            </Icon>
            <span className={styles.toolLabel}>Share</span>
          </button>
          {item.urls && (
            <a className={styles.tool} href={item.urls.download} download={item.filename}>
              <Icon>
                <path d="M10 3.5v9M6 8.5l4 4 4-4M4 16h12" />
              </Icon>
              <span className={styles.toolLabel}>Download</span>
            </a>
          )}
          <button type="button" className={styles.tool} onClick={onDelete}>
            <Icon>
              <path d="M4.5 6h11M8 6V4.5h4V6M6 6l.7 9.5h6.6L14 6" />
            </Icon>
            <span className={styles.toolLabel}>Delete</span>
          </button>
        </div>
      )}
    </div>
  );
}
