import { describe, expect, it } from "vitest";
import { aspectOf, estimateRows, type JustifyOptions, justify } from "./layout";

const options: JustifyOptions = { width: 1000, targetHeight: 200, gap: 4 };
const rowWidth = (widths: number[], gap: number) =>
  widths.reduce((sum, width) => sum + width, 0) + gap * (widths.length - 1);

describe("justify", () => {
  it("places every tile exactly once, in order", () => {
    const aspects = [1.5, 0.67, 1, 1.78, 1.33, 0.75, 1.5, 1.5, 2, 0.8, 1, 1.2];
    const rows = justify(aspects, options);

    expect(rows[0]?.start).toBe(0);
    for (const [i, row] of rows.entries()) {
      expect(row.end).toBeGreaterThan(row.start);
      expect(row.widths).toHaveLength(row.end - row.start);
      if (i > 0) expect(row.start).toBe(rows[i - 1]?.end);
    }
    expect(rows.at(-1)?.end).toBe(aspects.length);
  });

  it("fills the width exactly in every row but the last, with tiles as wide as their aspect", () => {
    const aspects = Array.from({ length: 40 }, (_, i) => [1.5, 0.75, 1.33, 1, 1.78][i % 5] ?? 1);
    const rows = justify(aspects, options);

    for (const row of rows.slice(0, -1)) {
      expect(rowWidth(row.widths, options.gap)).toBe(options.width);
      expect(row.height).toBeLessThanOrEqual(options.targetHeight * 1.5);
      expect(row.height).toBeGreaterThanOrEqual(options.targetHeight * 0.6);
      row.widths.forEach((width, k) => {
        const aspect = aspects[row.start + k] ?? 1;
        expect(Math.abs(width - aspect * row.height)).toBeLessThanOrEqual(2);
      });
    }
  });

  it("keeps the last row at the target height and left-aligned", () => {
    const rows = justify([1.5, 1.5], options);

    expect(rows).toEqual([{ start: 0, end: 2, height: 200, widths: [300, 300] }]);
  });

  it("crops extreme panoramas and slivers to sensible tiles", () => {
    const rows = justify([12, 0.05, 1], { width: 390, targetHeight: 112, gap: 2 });
    const all = rows.flatMap((row) => row.widths.map((width) => width / row.height));

    expect(Math.max(...all)).toBeLessThanOrEqual(2.5 + 0.02);
    expect(Math.min(...all)).toBeGreaterThanOrEqual(0.5 - 0.02);
  });

  it("closes a row where the height lands nearest the target", () => {
    // Two squares at 1000 px make 498 px rows; three make 330; four, 247; five, 196.8:
    // five is nearer 200 than four, so the first row holds five.
    const rows = justify(Array(7).fill(1), options);

    expect(rows[0]?.end).toBe(5);
    expect(rows[0]?.height).toBe(197);
  });

  it("lays out nothing without tiles or width", () => {
    expect(justify([], options)).toEqual([]);
    expect(justify([1, 1], { ...options, width: 0 })).toEqual([]);
  });
});

describe("aspectOf", () => {
  it("is width over height, and a square when either is unknown", () => {
    expect(aspectOf(4000, 3000)).toBeCloseTo(4 / 3);
    expect(aspectOf(undefined, 3000)).toBe(1);
    expect(aspectOf(4000, 0)).toBe(1);
  });
});

describe("estimateRows", () => {
  it("counts square tiles per row and the rows needed for the ones not loaded yet", () => {
    expect(estimateRows(0, options).rows).toBe(0);
    const estimate = estimateRows(101, options);
    // (1000 + 4) / (200 + 4) ≈ 4.9: five tiles per row, 21 rows for 101 tiles.
    expect(estimate.perRow).toBe(5);
    expect(estimate.rows).toBe(21);
    expect(estimate.height).toBeLessThanOrEqual(200);
  });
});
