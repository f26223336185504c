/**
 * Justified rows, as photo timelines lay out pictures: every row as wide as the space, all
 * tiles of a row as tall as each other, each tile as wide as its picture's aspect ratio
 * asks. Pure functions of numbers, so the layout is the same wherever it is computed and
 * easy to test.
 * @module
 */

/** How rows are built. All lengths in CSS pixels. */
export interface JustifyOptions {
  /** The width every full row fills. */
  width: number;
  /** Rows aim for this height; a full row is never taller. */
  targetHeight: number;
  /** Space between tiles (and between rows). */
  gap: number;
  /** Aspect ratios are kept within these bounds: a panorama is cropped, not a sliver. */
  minAspect?: number;
  maxAspect?: number;
}

/** One justified row: tiles `start` (inclusive) to `end` (exclusive) of the input. */
export interface Row {
  start: number;
  end: number;
  /** Whole pixels. */
  height: number;
  /** Whole pixels, one per tile; with the gaps they add up to the width (but in a last row). */
  widths: number[];
}

export const DEFAULT_MIN_ASPECT = 0.5;
export const DEFAULT_MAX_ASPECT = 2.5;

/** Width over height of a picture; 1 (a square tile) when it is not known yet. */
export function aspectOf(width: number | undefined, height: number | undefined): number {
  if (!width || !height || width <= 0 || height <= 0) return 1;
  return width / height;
}

const clampAspect = (aspect: number, options: JustifyOptions) =>
  Math.min(
    options.maxAspect ?? DEFAULT_MAX_ASPECT,
    Math.max(options.minAspect ?? DEFAULT_MIN_ASPECT, Number.isFinite(aspect) ? aspect : 1),
  );

/** The height at which `sum` of aspect ratios fills the width, `count` tiles and their gaps. */
const fillHeight = (sum: number, count: number, { width, gap }: JustifyOptions) =>
  (width - gap * (count - 1)) / sum;

/**
 * Splits `available` whole pixels between tiles in proportion to their aspect ratios, so
 * the widths add up exactly (no hairline at the right edge from rounding).
 */
function split(aspects: readonly number[], available: number): number[] {
  const sum = aspects.reduce((total, aspect) => total + aspect, 0);
  const widths: number[] = [];
  let used = 0;
  let acc = 0;
  for (const aspect of aspects) {
    acc += aspect;
    const edge = Math.round((acc / sum) * available);
    widths.push(edge - used);
    used = edge;
  }
  return widths;
}

/**
 * Lays out tiles of the given aspect ratios in rows. A row closes at the tile whose
 * inclusion brings its height nearest `targetHeight` (taking one tile more or one less);
 * the last row keeps the target height and does not stretch to the width.
 */
export function justify(aspects: readonly number[], options: JustifyOptions): Row[] {
  const rows: Row[] = [];
  if (options.width <= 0 || aspects.length === 0) return rows;
  const clamped = aspects.map((aspect) => clampAspect(aspect, options));
  const target = options.targetHeight;
  let start = 0;
  let sum = 0;

  const close = (end: number, rowSum: number) => {
    const count = end - start;
    const height = Math.max(1, Math.round(fillHeight(rowSum, count, options)));
    const available = options.width - options.gap * (count - 1);
    rows.push({ start, end, height, widths: split(clamped.slice(start, end), available) });
    start = end;
    sum = 0;
  };

  for (let i = 0; i < clamped.length; i++) {
    const aspect = clamped[i] as number;
    const count = i - start + 1;
    const withIt = fillHeight(sum + aspect, count, options);
    if (withIt > target) {
      sum += aspect;
      continue;
    }
    // Adding this tile makes the row lower than the target: keep it, or close the row
    // before it, whichever lands nearer the target (compared as ratios).
    const without = count > 1 ? fillHeight(sum, count - 1, options) : Number.POSITIVE_INFINITY;
    if (count > 1 && without / target < target / withIt) {
      close(i, sum);
      sum = aspect;
      // The tile alone may already fill the row (a panorama on a narrow screen).
      if (fillHeight(aspect, 1, options) <= target) close(i + 1, aspect);
    } else {
      close(i + 1, sum + aspect);
    }
  }

  if (start < clamped.length) {
    // The last row: the target height, left-aligned, unless even that overflows the width.
    const count = clamped.length - start;
    const height = Math.min(target, Math.round(fillHeight(sum, count, options)));
    const widths = clamped.slice(start).map((aspect) => Math.max(1, Math.round(aspect * height)));
    rows.push({ start, end: clamped.length, height, widths });
  }
  return rows;
}

/** Rows for `count` tiles not loaded yet: square tiles at the target height. */
export function estimateRows(
  count: number,
  options: JustifyOptions,
): { perRow: number; rows: number; height: number; tileWidth: number } {
  const perRow = Math.max(
    1,
    Math.round((options.width + options.gap) / (options.targetHeight + options.gap)),
  );
  const tileWidth = (options.width - options.gap * (perRow - 1)) / perRow;
  return {
    perRow,
    rows: Math.ceil(Math.max(0, count) / perRow),
    height: Math.round(Math.min(options.targetHeight, tileWidth)),
    tileWidth,
  };
}

/** How tall rows aim to be at a given width: small screens show more, smaller tiles. */
export function rowOptionsFor(width: number): JustifyOptions {
  if (width < 480) return { width, targetHeight: 112, gap: 2 };
  if (width < 900) return { width, targetHeight: 160, gap: 4 };
  return { width, targetHeight: 200, gap: 4 };
}
