import type { ReactNode } from "react";
import { type GalleryLayout, rowAt } from "./rows";
import styles from "./timeline.module.css";
import { useScrollY } from "./use-window";

export interface StickyMonthProps {
  layout: GalleryLayout;
  /** The list's top in the document. */
  scrollMargin: number;
  /** Where the app's header ends. */
  stickyTop: number;
  headerHeight: number;
  render(month: string): ReactNode;
}

/**
 * The header of the month at the top of the screen, stuck under the app's header; the
 * next month's header pushes it up as it arrives. It follows the scroll on its own, so
 * the grid does not re-render on every frame.
 */
export function StickyMonth({
  layout,
  scrollMargin,
  stickyTop,
  headerHeight,
  render,
}: StickyMonthProps) {
  const scrollY = useScrollY();
  const line = scrollY + stickyTop - scrollMargin;
  const row = layout.rows[rowAt(layout.starts, Math.max(0, line))];
  if (!row) return null;
  // Until its own header has gone under the line, the month's header is in the list itself.
  const own = layout.starts[layout.monthRow.get(row.month) ?? 0] ?? 0;
  const shown = line > own;
  const months = [...layout.monthRow.keys()];
  const next = months[months.indexOf(row.month) + 1];
  const nextTop = next === undefined ? undefined : layout.starts[layout.monthRow.get(next) ?? 0];
  const push = nextTop === undefined ? 0 : Math.min(0, nextTop - Math.max(0, line) - headerHeight);
  return (
    <div
      className={styles.sticky}
      style={{
        top: stickyTop,
        height: headerHeight,
        marginBottom: -headerHeight,
        visibility: shown ? undefined : "hidden",
      }}
    >
      <div style={{ transform: push ? `translateY(${push}px)` : undefined, height: "100%" }}>
        {render(row.month)}
      </div>
    </div>
  );
}
