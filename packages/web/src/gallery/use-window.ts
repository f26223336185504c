import { useCallback, useEffect, useState, useSyncExternalStore } from "react";
import { type GalleryLayout, rowAt } from "./rows";

const subscribeScroll = (onChange: () => void) => {
  let frame = 0;
  const listener = () => {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      onChange();
    });
  };
  window.addEventListener("scroll", listener, { passive: true });
  window.addEventListener("resize", listener, { passive: true });
  return () => {
    cancelAnimationFrame(frame);
    window.removeEventListener("scroll", listener);
    window.removeEventListener("resize", listener);
  };
};

/** The window's scroll position, at most once a frame. For small components only. */
export function useScrollY(): number {
  return useSyncExternalStore(subscribeScroll, () => window.scrollY);
}

// Scrolling moves the main content; so does a notice above it arriving or going (the page's
// body changes height then), without any scroll.
const subscribeLayout = (onChange: () => void) => {
  const unsubscribe = subscribeScroll(onChange);
  const observer = new ResizeObserver(() => onChange());
  observer.observe(document.body);
  return () => {
    unsubscribe();
    observer.disconnect();
  };
};

/**
 * Where the page's main content starts on screen: below the header and any notice under it
 * while they are in view, then above the window's top.
 */
export function useMainTop(): number {
  return useSyncExternalStore(subscribeLayout, () =>
    Math.round(document.getElementById("main")?.getBoundingClientRect().top ?? 0),
  );
}

/** The window's inner height. */
export function useViewportHeight(): number {
  return useSyncExternalStore(subscribeScroll, () => window.innerHeight);
}

/**
 * How far down the app's sticky header reaches (it wraps to two lines on phones): where
 * the gallery's own sticky month bar sits.
 */
export function useStickyTop(): number {
  const [top, setTop] = useState(0);
  useEffect(() => {
    const header = document.querySelector<HTMLElement>("#root > header");
    if (!header) return;
    const measure = () => setTop(Math.round(header.getBoundingClientRect().height));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(header);
    return () => observer.disconnect();
  }, []);
  return top;
}

/** The width of an element, kept up to date. */
export function useWidth(element: HTMLElement | null): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    if (!element) return;
    const measure = () => setWidth(Math.floor(element.getBoundingClientRect().width));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [element]);
  return width;
}

/**
 * The months with rows on screen or within half a screen below it, top first, as one
 * string (`"2026-11 2026-10"`): the component re-renders only when that changes, not on
 * every frame of a scroll. Not above: pages run newest first, so the bottom of the month
 * above costs all of its pages, which waits until it is in sight.
 */
export function useMonthsInView(layout: GalleryLayout, scrollMargin: number): string {
  const snapshot = useCallback(() => {
    const top = window.scrollY - scrollMargin;
    const bottom = top + window.innerHeight * 1.5;
    const months: string[] = [];
    for (
      let i = rowAt(layout.starts, Math.max(0, top));
      i < layout.rows.length && (layout.starts[i] ?? 0) < bottom;
      i++
    ) {
      const month = layout.rows[i]?.month;
      if (month && months.at(-1) !== month) months.push(month);
    }
    return months.join(" ");
  }, [layout, scrollMargin]);
  return useSyncExternalStore(subscribeScroll, snapshot);
}
