/**
 * The gallery as a flat list of rows for the virtualiser: a header per month, justified
 * rows of loaded items, and "ghost" blocks standing in for items not loaded yet, sized from
 * the month's count so the page is as tall as the whole library from the first paint.
 * A month's missing items are at most two blocks (its full rows, then a shorter last row),
 * not a row each: the list, and the virtualiser's measurements, grow with the months and
 * the items loaded, never with the size of the library.
 * @module
 */
import type { MediaInfo } from "@sharespace/core/schema";
import { aspectOf, estimateRows, type JustifyOptions, justify } from "./layout";
import type { MonthSlot } from "./months";

export type GalleryRow =
  | { kind: "month"; key: string; month: string; size: number }
  | {
      kind: "tiles";
      key: string;
      month: string;
      items: readonly MediaInfo[];
      widths: readonly number[];
      height: number;
      size: number;
    }
  | {
      kind: "ghost";
      key: string;
      month: string;
      /** Tiles in each stripe of the block. */
      tiles: number;
      tileWidth: number;
      /** How many rows of tiles the block stands for, each `stripe` tall (gap included). */
      stripes: number;
      stripe: number;
      /** A tile's height. */
      height: number;
      size: number;
    };

export interface GalleryLayout {
  rows: GalleryRow[];
  /** Each row's top, from the top of the list. */
  starts: number[];
  total: number;
  /** The row index of each month's header. */
  monthRow: Map<string, number>;
}

/** What one month's rows are, remembered per month object (months are never mutated). */
type MonthRows = { width: number; rows: GalleryRow[]; height: number };

/**
 * Lays months out, reusing the rows of months that did not change. It remembers how tall
 * each fully loaded month was, so a month let go from memory keeps its height while it
 * waits to load again and the page does not jump.
 */
export class LayoutCache {
  private readonly byMonth = new WeakMap<MonthSlot, MonthRows>();
  private readonly heights = new Map<string, { width: number; count: number; height: number }>();

  constructor(private readonly headerHeight: number) {}

  layout(months: readonly MonthSlot[], options: JustifyOptions): GalleryLayout {
    const rows: GalleryRow[] = [];
    const starts: number[] = [];
    const monthRow = new Map<string, number>();
    let total = 0;
    for (const slot of months) {
      monthRow.set(slot.month, rows.length);
      for (const row of this.rowsOf(slot, options)) {
        starts.push(total);
        rows.push(row);
        total += row.size;
      }
    }
    return { rows, starts, total, monthRow };
  }

  private rowsOf(slot: MonthSlot, options: JustifyOptions): GalleryRow[] {
    const cached = this.byMonth.get(slot);
    if (cached && cached.width === options.width) return cached.rows;
    const rows = this.build(slot, options);
    const height = rows.reduce((sum, row) => sum + row.size, 0);
    this.byMonth.set(slot, { width: options.width, rows, height });
    if (slot.complete && slot.items.length) {
      this.heights.set(slot.month, { width: options.width, count: slot.count, height });
    }
    return rows;
  }

  private build(slot: MonthSlot, options: JustifyOptions): GalleryRow[] {
    const { month } = slot;
    const rows: GalleryRow[] = [
      { kind: "month", key: `h:${month}`, month, size: this.headerHeight },
    ];
    const justified = justify(
      slot.items.map((item) => aspectOf(item.width, item.height)),
      options,
    );
    justified.forEach((row, index) => {
      rows.push({
        kind: "tiles",
        key: `t:${month}:${index}`,
        month,
        items: slot.items.slice(row.start, row.end),
        widths: row.widths,
        height: row.height,
        size: row.height + options.gap,
      });
    });
    const missing = slot.complete ? 0 : Math.max(0, slot.count - slot.items.length);
    if (missing === 0) return rows;
    const estimate = estimateRows(missing, options);
    // A month seen whole at this width before keeps that height while it loads again.
    const known = this.heights.get(month);
    const rowSize =
      slot.items.length === 0 &&
      known?.width === options.width &&
      known.count === slot.count &&
      estimate.rows > 0
        ? (known.height - this.headerHeight) / estimate.rows
        : estimate.height + options.gap;
    const full = Math.floor(missing / estimate.perRow);
    const rest = missing - full * estimate.perRow;
    const ghost = (part: string, tiles: number, stripes: number): GalleryRow => ({
      kind: "ghost",
      key: `g:${month}:${slot.items.length}:${part}`,
      month,
      tiles,
      tileWidth: estimate.tileWidth,
      stripes,
      stripe: rowSize,
      height: Math.max(1, rowSize - options.gap),
      size: rowSize * stripes,
    });
    if (full > 0) rows.push(ghost("full", estimate.perRow, full));
    if (rest > 0) rows.push(ghost("last", rest, 1));
    return rows;
  }
}

/** The index of the row at `offset` (binary search over the rows' tops). */
export function rowAt(starts: readonly number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((starts[mid] as number) <= offset) low = mid;
    else high = mid - 1;
  }
  return Math.max(0, low);
}
