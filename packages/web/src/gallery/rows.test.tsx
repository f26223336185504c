import type { MediaInfo } from "@sharespace/core/schema";
import { describe, expect, it } from "vitest";
import { estimateRows, type JustifyOptions } from "./layout";
import type { MonthSlot } from "./months";
import { LayoutCache } from "./rows";

const options: JustifyOptions = { width: 1200, targetHeight: 200, gap: 4 };
const HEADER = 52;

const slot = (month: string, count: number, items: readonly MediaInfo[] = []): MonthSlot => ({
  month,
  count,
  items,
  cursor: null,
  complete: count === items.length,
  fetchedAt: 0,
});

/** Ten years of months, `perMonth` items each, nothing loaded. */
const library = (perMonth: number) =>
  Array.from({ length: 120 }, (_, i) => {
    const year = 2026 - Math.floor(i / 12);
    return slot(`${year}-${String(12 - (i % 12)).padStart(2, "0")}`, perMonth);
  });

describe("LayoutCache", () => {
  it("stands in for a month's missing items with at most two blocks, however many there are", () => {
    const small = new LayoutCache(HEADER).layout(library(2), options);
    const large = new LayoutCache(HEADER).layout(library(417), options);

    // Header, full rows, a shorter last row: three rows a month at most, at any size.
    expect(small.rows.length).toBeLessThanOrEqual(120 * 3);
    expect(large.rows.length).toBeLessThanOrEqual(120 * 3);
    expect(large.rows.filter((row) => row.kind === "ghost").length).toBeLessThanOrEqual(240);
  });

  it("keeps the page as tall as the rows the missing items will fill", () => {
    const { perRow, rows, height } = estimateRows(417, options);
    const layout = new LayoutCache(HEADER).layout([slot("2026-11", 417)], options);

    expect(layout.total).toBe(HEADER + rows * (height + options.gap));
    const [, full, last] = layout.rows;
    expect(full).toMatchObject({ kind: "ghost", tiles: perRow, stripes: Math.floor(417 / perRow) });
    expect(last).toMatchObject({ kind: "ghost", tiles: 417 % perRow, stripes: 1 });
    // Each row starts where the one before it ends.
    expect(layout.starts).toEqual([0, HEADER, HEADER + (full?.size ?? 0)]);
  });
});
