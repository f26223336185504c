/**
 * What every benchmark reports: figures with their target, as `npm run bench` writes them
 * to `bench/results.json` and prints them.
 * @module
 */

/** How a figure is held against its target. */
export interface Target {
  /** `max`: the figure must not exceed `value`; `min`: it must reach it. */
  kind: "max" | "min";
  value: number;
  /** What `value` is compared with: the figure itself, or its ratio to the baseline. */
  of: "value" | "ratio";
}

/** One measured figure. Timings are medians of repeated runs. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** The same measurement of the baseline, in the same run (when there is one). */
  baseline?: number;
  /** `value / baseline`. */
  ratio?: number;
  /** Readable: `≤ 1.3× baseline`, `≤ 1 MB`; `—` for a figure shown for information. */
  target: string;
  met: boolean;
}

const round = (n: number, digits = 3) => Number(n.toPrecision(digits + 2));

/** A figure with its ratio and whether it meets `target` (none: informational, met). */
export function figure(
  name: string,
  measured: { value: number; unit: string; baseline?: number },
  target?: Target,
  targetText?: string,
): Figure {
  const { value, unit, baseline } = measured;
  const ratio = baseline ? value / baseline : undefined;
  const compared = target?.of === "ratio" ? ratio : value;
  const met =
    !target ||
    (compared !== undefined &&
      (target.kind === "max" ? compared <= target.value : compared >= target.value));
  const text =
    targetText ??
    (target
      ? `${target.kind === "max" ? "≤" : "≥"} ${target.value}${target.of === "ratio" ? "× baseline" : ` ${unit}`}`
      : "—");
  return {
    name,
    value: round(value),
    unit,
    ...(baseline === undefined ? {} : { baseline: round(baseline) }),
    ...(ratio === undefined ? {} : { ratio: round(ratio) }),
    target: text,
    met,
  };
}

/** The `q` quantile (0…1) of some samples (nearest rank). */
export function quantile(samples: readonly number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
}

export const median = (samples: readonly number[]) => quantile(samples, 0.5);

/** The figures as a table, one line each. */
export function table(figures: readonly Figure[]): string {
  const rows = figures.map((f) => [
    f.met ? "ok " : "MISS",
    f.name,
    `${format(f.value)} ${f.unit}`,
    f.baseline === undefined ? "" : `${format(f.baseline)} ${f.unit}`,
    f.ratio === undefined ? "" : `${f.ratio.toFixed(2)}×`,
    f.target,
  ]);
  const head = ["", "figure", "value", "baseline", "ratio", "target"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) =>
        i >= 2 && i <= 4 ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0),
      )
      .join("  ")
      .trimEnd();
  return [line(head), ...rows.map(line)].join("\n");
}

function format(n: number): string {
  const digits = Math.abs(n) >= 100 ? 0 : Math.abs(n) >= 10 ? 1 : 2;
  return n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}
