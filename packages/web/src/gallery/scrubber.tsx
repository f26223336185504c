import { type KeyboardEvent, type PointerEvent, useRef, useState } from "react";
import { formatMonth } from "./describe";
import { type GalleryLayout, rowAt } from "./rows";
import styles from "./scrubber.module.css";
import { useMainTop, useScrollY, useViewportHeight } from "./use-window";

export interface ScrubberProps {
  /** Only libraries several screens tall have one. */
  visible: boolean;
  layout: GalleryLayout;
  scrollMargin: number;
  stickyTop: number;
  /** Keys and clicks jump to a month's start (the store loads it from there, with `until`). */
  onJump(month: string): void;
}

const LABEL_SPACING = 22;
/** Space above and below the track, so labels at its ends stay inside the window. */
const TRACK_INSET = 28;

/**
 * The date scrubber down the side: the library's years along the track, where they fall
 * in the page. Dragging scrolls the page as far down as the pointer is down the track;
 * arrow keys and Page Up/Down move a month or a year at a time.
 */
export function Scrubber({ visible, layout, scrollMargin, stickyTop, onJump }: ScrubberProps) {
  const trackRef = useRef<HTMLDivElement>(null);
  const [hover, setHover] = useState<{ y: number; month: string } | null>(null);
  const dragging = useRef(false);
  const scrollY = useScrollY();
  const viewport = useViewportHeight();
  // The track starts under the sticky header, or lower while a notice above the page (such
  // as "verify your email") is still in view, so it never lies over it.
  const trackTop = Math.max(stickyTop, useMainTop());
  const months = [...layout.monthRow.keys()];
  if (!visible || months.length === 0) return null;

  const line = scrollY + stickyTop - scrollMargin;
  const current = Math.max(0, months.indexOf(layout.rows[rowAt(layout.starts, line)]?.month ?? ""));
  const trackHeight = viewport - trackTop - 2 * TRACK_INSET;
  const fractionOf = (month: string) =>
    (layout.starts[layout.monthRow.get(month) ?? 0] ?? 0) / layout.total;

  const at = (clientY: number) => {
    const rect = trackRef.current?.getBoundingClientRect();
    if (!rect) return undefined;
    const fraction = Math.min(1, Math.max(0, (clientY - rect.top) / rect.height));
    const offset = fraction * layout.total;
    const month = layout.rows[rowAt(layout.starts, offset)]?.month ?? months[0];
    return { y: fraction * rect.height, offset, month: month as string };
  };
  const scrollTo = (offset: number) =>
    window.scrollTo({ top: scrollMargin + offset - stickyTop, behavior: "instant" });

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    const point = at(event.clientY);
    if (!point) return;
    dragging.current = true;
    event.currentTarget.setPointerCapture(event.pointerId);
    setHover(point);
    scrollTo(point.offset);
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const point = at(event.clientY);
    if (!point) return;
    setHover(point);
    if (dragging.current) scrollTo(point.offset);
  };
  const onPointerUp = () => {
    dragging.current = false;
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const year = (index: number, step: 1 | -1) => {
      const from = months[index]?.slice(0, 4);
      let i = index;
      while (i + step >= 0 && i + step < months.length && months[i]?.slice(0, 4) === from)
        i += step;
      return i;
    };
    let to: number;
    if (event.key === "ArrowDown" || event.key === "ArrowRight") to = current + 1;
    else if (event.key === "ArrowUp" || event.key === "ArrowLeft") to = current - 1;
    else if (event.key === "PageDown") to = year(current, 1);
    else if (event.key === "PageUp") to = year(current, -1);
    else if (event.key === "Home") to = 0;
    else if (event.key === "End") to = months.length - 1;
    else return;
    event.preventDefault();
    const target = months[Math.min(months.length - 1, Math.max(0, to))];
    if (target) onJump(target);
  };

  // Year labels where each year starts, skipped where they would overlap.
  const years: { year: string; y: number }[] = [];
  for (const month of months) {
    const year = month.slice(0, 4);
    if (years.at(-1)?.year === year) continue;
    const y = fractionOf(month) * trackHeight;
    if (years.length && y - (years.at(-1)?.y ?? 0) < LABEL_SPACING) continue;
    years.push({ year, y });
  }
  const thumb = Math.min(1, Math.max(0, line / layout.total)) * trackHeight;
  const currentLabel = formatMonth(months[current] as string);

  return (
    <div className={styles.scrubber} style={{ top: trackTop + TRACK_INSET, height: trackHeight }}>
      <div
        ref={trackRef}
        className={styles.track}
        role="slider"
        tabIndex={0}
        aria-label="Jump to a month"
        aria-orientation="vertical"
        aria-valuemin={0}
        aria-valuemax={months.length - 1}
        aria-valuenow={current}
        aria-valuetext={currentLabel}
        onKeyDown={onKeyDown}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
        onPointerLeave={() => !dragging.current && setHover(null)}
      >
        {years.map(({ year, y }) => (
          <span key={year} className={styles.year} style={{ top: y }} aria-hidden="true">
            {year}
          </span>
        ))}
        <span className={styles.thumb} style={{ top: thumb }} aria-hidden="true" />
        {hover && (
          <span className={styles.bubble} style={{ top: hover.y }} aria-hidden="true">
            {formatMonth(hover.month)}
          </span>
        )}
      </div>
    </div>
  );
}
