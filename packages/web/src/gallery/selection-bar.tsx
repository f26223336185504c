import { Button } from "../components/button";
import { Icon } from "../components/icon";
import styles from "./selection-bar.module.css";
import { useStickyTop } from "./use-window";

export interface SelectionBarProps {
  count: number;
  onClear(): void;
  onDelete(): void;
}

/** Over the app's header while selecting: how many are selected, and what to do with them. */
export function SelectionBar({ count, onClear, onDelete }: SelectionBarProps) {
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
        <Button variant="danger" size="sm" disabled={count === 0} onClick={onDelete}>
          <Icon className={styles.icon}>
            <path d="M4.5 6h11M8 6V4.5h4V6M6 6l.7 9.5h6.6L14 6" />
          </Icon>
          Delete
        </Button>
      </div>
    </div>
  );
}
