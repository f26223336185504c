import type { GalleryRow } from "./rows";

type TileRow = Extract<GalleryRow, { kind: "tiles" }>;

/** Where a tile is: its row (in the layout) and its centre across the row. */
function locate(rows: readonly GalleryRow[], id: string) {
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] as GalleryRow;
    if (row.kind !== "tiles") continue;
    const col = row.items.findIndex((item) => item.id === id);
    if (col >= 0) return { r, col, centre: centreOf(row, col) };
  }
  return undefined;
}

function centreOf(row: TileRow, col: number): number {
  let x = 0;
  for (let i = 0; i < col; i++) x += (row.widths[i] ?? 0) + 4;
  return x + (row.widths[col] ?? 0) / 2;
}

/** The tile row `steps` tile rows above (negative) or below `from`, skipping headers. */
function tileRow(rows: readonly GalleryRow[], from: number, steps: number): number | undefined {
  const direction = Math.sign(steps);
  let found: number | undefined;
  let left = Math.abs(steps);
  for (let r = from + direction; r >= 0 && r < rows.length && left > 0; r += direction) {
    if (rows[r]?.kind === "tiles") {
      found = r;
      left--;
    }
  }
  return found;
}

function nearest(row: TileRow, centre: number): string {
  let best = 0;
  let distance = Number.POSITIVE_INFINITY;
  for (let col = 0; col < row.items.length; col++) {
    const d = Math.abs(centreOf(row, col) - centre);
    if (d < distance) {
      distance = d;
      best = col;
    }
  }
  return (row.items[best] ?? row.items[0])?.id as string;
}

/**
 * The tile a key moves focus to from `id`, as in a grid: arrows across and between rows
 * (to the tile nearest above or below), Home and End, Page Up and Down by `pageRows`.
 * Undefined when the key moves nowhere (an edge, or a part not loaded yet).
 */
export function moveFocus(
  rows: readonly GalleryRow[],
  id: string,
  key: string,
  pageRows = 4,
): string | undefined {
  const here = locate(rows, id);
  if (!here) return undefined;
  const row = rows[here.r] as TileRow;
  const vertical = (steps: number) => {
    const target = tileRow(rows, here.r, steps);
    return target === undefined ? undefined : nearest(rows[target] as TileRow, here.centre);
  };
  const across = (step: 1 | -1) => {
    const col = here.col + step;
    if (col >= 0 && col < row.items.length) return row.items[col]?.id;
    const target = tileRow(rows, here.r, step);
    if (target === undefined) return undefined;
    const next = rows[target] as TileRow;
    return (step > 0 ? next.items[0] : next.items.at(-1))?.id;
  };
  const edge = (first: boolean) => {
    const tileRows = rows.filter((candidate): candidate is TileRow => candidate.kind === "tiles");
    const target = first ? tileRows[0] : tileRows.at(-1);
    return (first ? target?.items[0] : target?.items.at(-1))?.id;
  };
  switch (key) {
    case "ArrowRight":
      return across(1);
    case "ArrowLeft":
      return across(-1);
    case "ArrowDown":
      return vertical(1);
    case "ArrowUp":
      return vertical(-1);
    case "PageDown":
      return vertical(pageRows);
    case "PageUp":
      return vertical(-pageRows);
    case "Home":
      return edge(true);
    case "End":
      return edge(false);
    default:
      return undefined;
  }
}
