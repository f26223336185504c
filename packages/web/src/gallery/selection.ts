/**
 * Which items are selected, as pure functions over sets of ids: a click toggles one, a
 * shift-click adds the run from the last one clicked, a month header toggles its month.
 * @module
 */

export type Selection = ReadonlySet<string>;

/** One id in or out. */
export function toggle(selection: Selection, id: string): Selection {
  const next = new Set(selection);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  return next;
}

/**
 * The ids from `anchor` to `target` (both included), in the gallery's order, whichever
 * comes first. Only `target` when the anchor is not in the list (any more).
 */
export function between(order: readonly string[], anchor: string, target: string): string[] {
  const to = order.indexOf(target);
  if (to < 0) return [];
  const from = order.indexOf(anchor);
  if (from < 0) return [target];
  return order.slice(Math.min(from, to), Math.max(from, to) + 1);
}

/** Shift-click: the run from the anchor to the target joins the selection. */
export function extend(
  selection: Selection,
  order: readonly string[],
  anchor: string | undefined,
  target: string,
): Selection {
  const run = anchor === undefined ? [target] : between(order, anchor, target);
  return new Set([...selection, ...run]);
}

/** How much of a group (a month) is selected. */
export function coverage(selection: Selection, ids: readonly string[]): "none" | "some" | "all" {
  let selected = 0;
  for (const id of ids) if (selection.has(id)) selected++;
  if (selected === 0) return "none";
  return selected === ids.length ? "all" : "some";
}

/** A month header's checkbox: all of the month in, or, when all of it already is, all out. */
export function toggleGroup(selection: Selection, ids: readonly string[]): Selection {
  const next = new Set(selection);
  if (ids.length > 0 && coverage(selection, ids) === "all") {
    for (const id of ids) next.delete(id);
  } else {
    for (const id of ids) next.add(id);
  }
  return next;
}

/** Drops ids that are gone (deleted). */
export function without(selection: Selection, gone: Iterable<string>): Selection {
  const next = new Set(selection);
  for (const id of gone) next.delete(id);
  return next;
}
