import { type LinkVisit, limits } from "@sharespace/core/schema";
import { useCallback, useEffect, useRef, useState } from "react";
import { isApiError, type LinksApi } from "../api";
import { formatWait } from "../lib/format";

/** Why a link no longer opens: revoked or unknown (404), expired, or its views used up. */
export type GoneReason = "missing" | "expired" | "exhausted";

/** What the link page shows. */
export type LinkPageState =
  | { status: "loading" }
  | { status: "password"; problem?: string; busy: boolean }
  | { status: "open"; visit: LinkVisit }
  | { status: "gone"; reason: GoneReason }
  | { status: "error"; message: string };

/** Renew well before the visitor's URLs (10 minutes) run out. */
const RENEW_MS = (limits.link.visitorUrlSeconds - 2 * 60) * 1000;

/** What an answer that is not a 200 means for the page. */
export function stateOfError(error: unknown, busy = false): LinkPageState {
  if (isApiError(error, "link_expired")) return { status: "gone", reason: "expired" };
  if (isApiError(error, "link_exhausted")) return { status: "gone", reason: "exhausted" };
  if (isApiError(error) && error.status === 404) return { status: "gone", reason: "missing" };
  if (isApiError(error, "password_required")) return { status: "password", busy };
  if (isApiError(error, "invalid_password")) {
    return {
      status: "password",
      busy,
      problem: "That password isn't right. Check it and try again.",
    };
  }
  if (isApiError(error, "rate_limited")) {
    const wait = error.retryAfterSeconds;
    return {
      status: "password",
      busy,
      problem: `Too many wrong passwords. Try again ${wait ? `in ${formatWait(wait)}` : "later"}.`,
    };
  }
  return { status: "error", message: (error as Error).message };
}

/**
 * Opens a link once (one view), then keeps its media URLs fresh through the same visit
 * while the page stays open, without counting more views. When the link stops working
 * (revoked, expired, used up) the page learns it at the next renewal.
 */
export function useLinkVisit(links: LinksApi, token: string, renewMs = RENEW_MS) {
  const [state, setState] = useState<LinkPageState>({ status: "loading" });
  // Kept across React's development double-mount, so one page load opens the link once
  // (each open counts a view against the link's cap).
  const first = useRef<{ token: string; answer: Promise<LinkVisit> }>(undefined);
  const password = useRef<string | undefined>(undefined);
  const visit = useRef<string | undefined>(undefined);

  const adopt = useCallback((answer: LinkVisit) => {
    visit.current = answer.visit;
    setState({ status: "open", visit: answer });
  }, []);

  useEffect(() => {
    if (first.current?.token !== token) {
      visit.current = undefined;
      password.current = undefined;
      first.current = { token, answer: links.open(token) };
    }
    let live = true;
    first.current.answer.then(
      (answer) => live && adopt(answer),
      (error: unknown) => live && setState(stateOfError(error)),
    );
    return () => {
      live = false;
    };
  }, [links, token, adopt]);

  const renew = useCallback(async () => {
    if (!visit.current) return;
    try {
      adopt(await links.open(token, { visit: visit.current, password: password.current }));
    } catch (error) {
      const next = stateOfError(error);
      // A network blip keeps the page as it is; the next renewal tries again.
      if (next.status !== "error") setState(next);
    }
  }, [links, token, adopt]);

  const isOpen = state.status === "open";
  useEffect(() => {
    if (!isOpen) return;
    const timer = setInterval(() => void renew(), renewMs);
    return () => clearInterval(timer);
  }, [isOpen, renew, renewMs]);

  const unlock = useCallback(
    async (typed: string) => {
      setState({ status: "password", busy: true });
      try {
        const answer = await links.open(token, { password: typed });
        password.current = typed;
        adopt(answer);
      } catch (error) {
        setState(stateOfError(error));
      }
    },
    [links, token, adopt],
  );

  return { state, unlock, renew };
}
