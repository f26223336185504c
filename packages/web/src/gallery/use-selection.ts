import { useCallback, useMemo, useRef, useState } from "react";
import { extend, type Selection, toggle, toggleGroup, without } from "./selection";

/** The gallery's selection and what changes it. */
export interface SelectionState {
  selected: Selection;
  /** Selection mode: clicks select instead of opening. */
  selecting: boolean;
  toggle(id: string): void;
  /** Shift-click: from the last tile clicked to this one. */
  extendTo(id: string): void;
  /** A month header: all of these in, or all out when all are in already. */
  toggleGroup(ids: readonly string[]): void;
  /** The "Select" button. */
  start(): void;
  clear(): void;
  /** Ids that are gone leave the selection. */
  drop(ids: Iterable<string>): void;
}

/** `order` gives the gallery's loaded ids in order, for ranges. */
export function useSelection(order: () => readonly string[]): SelectionState {
  const [selected, setSelected] = useState<Selection>(() => new Set());
  const [explicit, setExplicit] = useState(false);
  const anchor = useRef<string | undefined>(undefined);
  const orderRef = useRef(order);
  orderRef.current = order;

  const toggleOne = useCallback((id: string) => {
    anchor.current = id;
    setSelected((current) => toggle(current, id));
  }, []);
  const extendTo = useCallback((id: string) => {
    const from = anchor.current;
    anchor.current = id;
    setSelected((current) => extend(current, orderRef.current(), from, id));
  }, []);
  const group = useCallback((ids: readonly string[]) => {
    setSelected((current) => toggleGroup(current, ids));
  }, []);
  const start = useCallback(() => setExplicit(true), []);
  const clear = useCallback(() => {
    anchor.current = undefined;
    setExplicit(false);
    setSelected(new Set());
  }, []);
  const drop = useCallback((ids: Iterable<string>) => {
    setSelected((current) => without(current, ids));
  }, []);

  return useMemo(
    () => ({
      selected,
      selecting: explicit || selected.size > 0,
      toggle: toggleOne,
      extendTo,
      toggleGroup: group,
      start,
      clear,
      drop,
    }),
    [selected, explicit, toggleOne, extendTo, group, start, clear, drop],
  );
}
