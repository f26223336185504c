import { Icon } from "../components/icon";
import { formatMonth } from "./describe";
import styles from "./month-header.module.css";

export interface MonthHeaderProps {
  month: string;
  count: number;
  /** How much of the month is selected. */
  coverage: "none" | "some" | "all";
  selecting: boolean;
  onToggle(month: string): void;
  /** The copy that sticks to the top repeats the one in the list: hidden from readers. */
  copy?: boolean;
}

/** A month's title, its count and a button that selects the whole month. */
export function MonthHeader({
  month,
  count,
  coverage,
  selecting,
  onToggle,
  copy,
}: MonthHeaderProps) {
  const label = formatMonth(month);
  const Title = copy ? "p" : "h2";
  return (
    <div
      className={[styles.header, selecting && styles.selecting].filter(Boolean).join(" ")}
      aria-hidden={copy || undefined}
    >
      <button
        type="button"
        className={styles.select}
        aria-pressed={coverage === "all" ? true : coverage === "some" ? "mixed" : false}
        aria-label={`Select all of ${label}`}
        tabIndex={copy ? -1 : undefined}
        onClick={() => onToggle(month)}
      >
        <Icon strokeWidth={2.2}>
          {coverage === "some" ? <path d="M6.5 10h7" /> : <path d="m6 10.3 2.6 2.6L14 7.6" />}
        </Icon>
      </button>
      <Title className={styles.title}>{label}</Title>
      <span className={styles.count}>
        {count.toLocaleString()} {count === 1 ? "item" : "items"}
      </span>
    </div>
  );
}
