import { Button } from "../components/button";
import { Icon } from "../components/icon";
import styles from "./selection-bar.module.css";
import { useStickyTop } from "./use-window";

export interface SelectionBarProps {
  count: number;
  onClear(): void;
  onShare(): void;
  onDelete(): void;
}

/** Over the app's header while selecting: how many are selected, and what to do with them. */
export function SelectionBar({ count, onClear, onShare, onDelete }: SelectionBarProps) {
  // As tall as the app's header, which wraps to two lines on phones: it covers it whole.
  const headerHeight = useStickyTop();
  return (
    <div role="toolbar" aria-label="Selection" className={styles.bar}>
      <div className={`container ${styles.inner}`} style={{ minHeight: headerHeight || undefined }}>
        <button type="button" className={styles.clear} onClick={onClear}>
          <Icon>
            <path d="m5.5 5.5 9 9M14.5 5.5l-9 9" />
          </Icon>
          <span className="visually-hidden">Stop selecting</span>
        </button>
        <p className={styles.count} aria-live="polite">
          {count === 0 ? "Select items" : `${count.toLocaleString()} selected`}
        </p>
        <Button variant="secondary" size="sm" disabled={count === 0} onClick={onShare}>
          <Icon className={styles.icon}>
            <circle cx="14.5" cy="5" r="2" />
            <circle cx="5.5" cy="10" r="2" />
            <circle cx="14.5" cy="15" r="2" />
            <path d="m7.3 9 5.4-3M7.3 11l5.4 3" />
          </Icon>
          <span className={styles.label}>Share</span>
        </Button>
        <Button variant="danger" size="sm" disabled={count === 0} onClick={onDelete}>
          <Icon className={styles.icon}>
            <path d="M4.5 6h11M8 6V4.5h4V6M6 6l.7 9.5h6.6L14 6" />
          </Icon>
          <span className={styles.label}>Delete</span>
        </Button>
      </div>
    </div>
  );
}
