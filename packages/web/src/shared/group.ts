import type { SharedMedia } from "@sharespace/core/schema";

/** One month of "Shared with me": the items shared with me in it, newest share first. */
export interface SharedMonth {
  /** `2026-11`, the UTC month of the share. */
  month: string;
  items: SharedMedia[];
}

/**
 * Groups items (newest share first, as the API answers) into months of their share, in
 * that order; an item seen twice (pages that overlapped) is kept once.
 */
export function groupByMonth(items: readonly SharedMedia[]): SharedMonth[] {
  const months: SharedMonth[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.id)) continue;
    seen.add(item.id);
    const month = item.sharedAt.slice(0, 7);
    const last = months.at(-1);
    if (last?.month === month) last.items.push(item);
    else months.push({ month, items: [item] });
  }
  return months;
}
