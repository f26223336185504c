import type { ApiClient } from "../api";

/** Items in the gallery's first page. */
export const FIRST_PAGE = 60;

type FirstData = {
  timeline: ReturnType<ApiClient["media"]["timeline"]>;
  first: ReturnType<ApiClient["media"]["list"]>;
};
let early: FirstData | undefined;

/**
 * Asks for the gallery's first data (the timeline and the first page) now: called by the
 * entry when the app starts on the gallery, so the requests go out with the restored token
 * rather than after the page's code has loaded. The store takes them once (`takeFirstData`).
 * Small on purpose: it is part of every page's first download.
 */
export function fetchFirstData(api: Pick<ApiClient, "media">) {
  early = { timeline: api.media.timeline(), first: api.media.list({ limit: FIRST_PAGE }) };
  // Signed out: the guard sends the person to sign in, and nobody takes these.
  early.timeline.catch(() => {});
  early.first.catch(() => {});
}

/** The data `fetchFirstData` asked for, once; afterwards, nothing. */
export function takeFirstData(): FirstData | undefined {
  const taken = early;
  early = undefined;
  return taken;
}
