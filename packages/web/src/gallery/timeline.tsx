import type { MediaInfo } from "@sharespace/core/schema";
import { useWindowVirtualizer } from "@tanstack/react-virtual";
import {
  forwardRef,
  type KeyboardEvent,
  type MouseEvent,
  type PointerEvent,
  useCallback,
  useEffect,
  useImperativeHandle,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from "react";
import { rowOptionsFor } from "./layout";
import { MonthHeader } from "./month-header";
import { monthOf } from "./months";
import { moveFocus } from "./navigation";
import { type GalleryLayout, type GalleryRow, LayoutCache, rowAt } from "./rows";
import { Scrubber } from "./scrubber";
import { coverage } from "./selection";
import { StickyMonth } from "./sticky-month";
import type { GalleryState, GalleryStore } from "./store";
import { Tile } from "./tile";
import styles from "./timeline.module.css";
import type { SelectionState } from "./use-selection";
import { useMonthsInView, useStickyTop, useViewportHeight, useWidth } from "./use-window";

export interface TimelineHandle {
  /** Scrolls to a tile and focuses it (when the viewer closes). */
  focusTile(id: string): void;
}

export interface TimelineProps {
  store: GalleryStore;
  state: GalleryState;
  selection: SelectionState;
  onOpen(id: string): void;
}

const HEADER_HEIGHT = 52;
/** A library taller than this many screens gets the date scrubber. */
const SCRUBBER_SCREENS = 2.5;
const LONG_PRESS_MS = 450;
/** URLs are checked for renewal this often. */
const RENEW_EVERY_MS = 60_000;

const idOf = (target: EventTarget | null) =>
  (target as HTMLElement | null)?.closest<HTMLElement>("[data-id]")?.dataset.id;

/**
 * The timeline: months of justified rows in a window-scrolled virtual list. Only the rows
 * on screen (and a few around) are in the DOM; months not loaded yet stand as ghost rows
 * of the right height until their page arrives.
 */
export const Timeline = forwardRef<TimelineHandle, TimelineProps>(function Timeline(
  { store, state, selection, onOpen },
  ref,
) {
  const [grid, setGrid] = useState<HTMLDivElement | null>(null);
  const width = useWidth(grid);
  const stickyTop = useStickyTop();
  const viewportHeight = useViewportHeight();
  const [scrollMargin, setScrollMargin] = useState(0);
  const cache = useRef(new LayoutCache(HEADER_HEIGHT));
  const options = useMemo(() => rowOptionsFor(width), [width]);
  const layout = useMemo(
    // Nothing is laid out (or loaded) before the width is known: a zero width would put
    // every month on screen at once.
    () => cache.current.layout(width > 0 ? state.months : [], options),
    [state.months, options, width],
  );
  const [focusId, setFocusId] = useState<string | undefined>(undefined);
  const pendingFocus = useRef<string | undefined>(undefined);
  const longPress = useRef<{ timer: number; x: number; y: number; fired: boolean } | null>(null);

  const { rows } = layout;
  const getItemKey = useCallback((index: number) => rows[index]?.key ?? index, [rows]);
  const virtualizer = useWindowVirtualizer({
    count: rows.length,
    estimateSize: (index) => rows[index]?.size ?? 0,
    getItemKey,
    overscan: 4,
    scrollMargin,
    scrollPaddingStart: stickyTop + HEADER_HEIGHT,
  });
  const virtualRows = virtualizer.getVirtualItems();

  // Where the list starts in the document (the page header above it may wrap).
  useLayoutEffect(() => {
    if (!grid) return;
    const top = Math.round(grid.getBoundingClientRect().top + window.scrollY);
    if (top !== scrollMargin) setScrollMargin(top);
  });

  // Keeps what is on screen in place when months above it change height (they loaded, or
  // were let go), as if the page had been that tall all along.
  const previous = useRef<GalleryLayout | null>(null);
  useLayoutEffect(() => {
    const before = previous.current;
    previous.current = layout;
    if (!before || before === layout) return;
    const line = window.scrollY + stickyTop - scrollMargin;
    if (line <= 0) return;
    const month = before.rows[rowAt(before.starts, line)]?.month;
    const was = before.starts[before.monthRow.get(month ?? "") ?? -1];
    const now = layout.starts[layout.monthRow.get(month ?? "") ?? -1];
    if (was !== undefined && now !== undefined && was !== now) window.scrollBy(0, now - was);
  }, [layout, scrollMargin, stickyTop]);

  // The months on screen (and half a screen below) load, the nearest first. Measured
  // on the rows' positions, not the virtualiser's overscan: a ghost block a few rows away
  // may stand for a whole month far below.
  const visibleMonths = useMonthsInView(layout, scrollMargin);
  // A new layout (a page came in) asks again: the month may still have more to load.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `layout` is that signal.
  useEffect(
    () => store.show(visibleMonths ? visibleMonths.split(" ") : []),
    [store, visibleMonths, layout],
  );

  useEffect(() => {
    const timer = setInterval(() => store.renew(), RENEW_EVERY_MS);
    return () => clearInterval(timer);
  }, [store]);

  const rowOfId = useCallback(
    (id: string) =>
      rows.findIndex((row) => row.kind === "tiles" && row.items.some((item) => item.id === id)),
    [rows],
  );

  const focusLater = useCallback(
    (id: string, align: "auto" | "center") => {
      const index = rowOfId(id);
      if (index < 0) return;
      setFocusId(id);
      pendingFocus.current = id;
      virtualizer.scrollToIndex(index, { align });
    },
    [rowOfId, virtualizer],
  );

  // Focus lands once the row is rendered.
  useEffect(() => {
    const id = pendingFocus.current;
    if (!id || !grid) return;
    const element = grid.querySelector<HTMLElement>(`[data-id="${CSS.escape(id)}"]`);
    if (!element) return;
    pendingFocus.current = undefined;
    element.focus({ preventScroll: true });
  });

  useImperativeHandle(ref, () => ({ focusTile: (id) => focusLater(id, "center") }), [focusLater]);

  const onImageError = useCallback(
    (item: MediaInfo) => store.renewMonth(monthOf(item.takenAt)),
    [store],
  );

  const toggleMonth = useCallback(
    async (month: string) => {
      const items = await store.loadMonth(month).catch(() => undefined);
      if (items) selection.toggleGroup(items.map((item) => item.id));
    },
    [store, selection],
  );

  const activate = (
    id: string,
    event: { shiftKey: boolean; ctrlKey: boolean; metaKey: boolean },
    onCheck: boolean,
  ) => {
    setFocusId(id);
    if (event.shiftKey && selection.selecting) selection.extendTo(id);
    else if (selection.selecting || event.ctrlKey || event.metaKey || onCheck) selection.toggle(id);
    else onOpen(id);
  };

  const onClick = (event: MouseEvent<HTMLDivElement>) => {
    const id = idOf(event.target);
    if (!id) return;
    if (longPress.current?.fired) {
      longPress.current = null;
      return;
    }
    activate(id, event, !!(event.target as HTMLElement).closest("[data-check]"));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const id = idOf(event.target);
    if (!id || (event.target as HTMLElement).getAttribute("role") !== "gridcell") return;
    if (event.key === "Enter") {
      event.preventDefault();
      onOpen(id);
    } else if (event.key === " ") {
      event.preventDefault();
      if (event.shiftKey) selection.extendTo(id);
      else selection.toggle(id);
    } else if (event.key === "Escape" && selection.selecting) {
      selection.clear();
    } else {
      const pageRows = Math.max(
        1,
        Math.floor(window.innerHeight / (options.targetHeight + options.gap)) - 1,
      );
      const next = moveFocus(rows, id, event.key, pageRows);
      if (next === undefined) return;
      event.preventDefault();
      focusLater(next, "auto");
    }
  };

  // Long-press on touch screens starts selecting, as in every phone's photo app.
  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    const id = idOf(event.target);
    if (!id || event.pointerType === "mouse") return;
    const timer = window.setTimeout(() => {
      if (!longPress.current) return;
      longPress.current.fired = true;
      setFocusId(id);
      selection.toggle(id);
      navigator.vibrate?.(10);
    }, LONG_PRESS_MS);
    longPress.current = { timer, x: event.clientX, y: event.clientY, fired: false };
  };
  const cancelPress = (event: PointerEvent<HTMLDivElement>) => {
    const press = longPress.current;
    if (!press || press.fired) return;
    if (
      event.type === "pointermove" &&
      Math.hypot(event.clientX - press.x, event.clientY - press.y) < 10
    )
      return;
    clearTimeout(press.timer);
    longPress.current = null;
  };

  const rendered = new Set(
    virtualRows.flatMap((v) => {
      const row = rows[v.index];
      return row?.kind === "tiles" ? row.items.map((item) => item.id) : [];
    }),
  );
  const tabbable = focusId && rendered.has(focusId) ? focusId : [...rendered][0];

  const monthHeader = (month: string, copy = false) => {
    const slot = state.months.find((s) => s.month === month);
    const ids = slot?.items.map((item) => item.id) ?? [];
    const covered = coverage(selection.selected, ids);
    return (
      <MonthHeader
        month={month}
        count={slot?.count ?? 0}
        coverage={covered === "all" && !slot?.complete ? "some" : covered}
        selecting={selection.selecting}
        onToggle={toggleMonth}
        copy={copy}
      />
    );
  };

  const renderRow = (row: Exclude<GalleryRow, { kind: "ghost" }>) => {
    if (row.kind === "month") {
      return (
        // biome-ignore lint/a11y/useSemanticElements: the month's cell in the ARIA grid; its button is what takes focus.
        <div role="gridcell" tabIndex={-1} className={styles.headerCell}>
          {monthHeader(row.month)}
        </div>
      );
    }
    return row.items.map((item, i) => (
      <Tile
        key={item.id}
        item={item}
        width={row.widths[i] ?? 0}
        height={row.height}
        selected={selection.selected.has(item.id)}
        selecting={selection.selecting}
        tabbable={item.id === tabbable}
        onImageError={onImageError}
      />
    ));
  };

  const scrubbing = layout.total > viewportHeight * SCRUBBER_SCREENS;
  return (
    <div className={styles.timeline} style={{ ["--gap" as string]: `${options.gap}px` }}>
      {width > 0 && (
        <StickyMonth
          layout={layout}
          scrollMargin={scrollMargin}
          stickyTop={stickyTop}
          headerHeight={HEADER_HEIGHT}
          render={(month) => monthHeader(month, true)}
        />
      )}
      {/* biome-ignore lint/a11y/useSemanticElements: an ARIA grid is the pattern for a selectable, arrow-key-navigable set of pictures; there is no element for it. */}
      <div
        ref={setGrid}
        role="grid"
        aria-label="Photos and videos"
        aria-multiselectable="true"
        aria-rowcount={rows.length}
        tabIndex={-1}
        className={styles.grid}
        style={{ height: layout.total }}
        onClick={onClick}
        onKeyDown={onKeyDown}
        onPointerDown={onPointerDown}
        onPointerUp={cancelPress}
        onPointerCancel={cancelPress}
        onPointerMove={cancelPress}
        onContextMenu={(event) => longPress.current && event.preventDefault()}
        onFocus={(event) => {
          const id = idOf(event.target);
          if (id && (event.target as HTMLElement).getAttribute("role") === "gridcell")
            setFocusId(id);
        }}
      >
        {virtualRows.map((virtual) => {
          const row = rows[virtual.index];
          if (!row) return null;
          const top = `translateY(${virtual.start - scrollMargin}px)`;
          if (row.kind === "ghost") {
            // Items not loaded yet: one block drawn as rows of tiles, out of the grid's tree.
            return (
              <div
                key={virtual.key}
                aria-hidden="true"
                className={styles.ghost}
                style={{
                  transform: top,
                  height: row.size - options.gap,
                  width: row.tiles * row.tileWidth + (row.tiles - 1) * options.gap,
                  ["--stripe" as string]: `${row.stripe}px`,
                  backgroundSize: `${row.tileWidth + options.gap}px ${row.stripe}px`,
                }}
              />
            );
          }
          return (
            // biome-ignore lint/a11y/useSemanticElements: a row of the ARIA grid, positioned by the virtualiser.
            // biome-ignore lint/a11y/useFocusableInteractive: rows are not focused; their cells are.
            <div
              key={virtual.key}
              role="row"
              aria-rowindex={virtual.index + 1}
              className={row.kind === "month" ? styles.monthRow : styles.row}
              style={{
                transform: top,
                height: row.kind === "month" ? row.size : row.size - options.gap,
              }}
            >
              {renderRow(row)}
            </div>
          );
        })}
      </div>
      <Scrubber
        visible={scrubbing}
        layout={layout}
        scrollMargin={scrollMargin}
        stickyTop={stickyTop}
        onJump={(month) => {
          const top = layout.starts[layout.monthRow.get(month) ?? -1];
          if (top !== undefined) {
            window.scrollTo({ top: scrollMargin + top - stickyTop, behavior: "instant" });
          }
        }}
      />
    </div>
  );
});
