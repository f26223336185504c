import { createRouter, type RouterHistory } from "@tanstack/react-router";
import type { ApiClient } from "./api";
import { NotFound } from "./components/not-found";
import { PagePending } from "./components/page";
import { RouteError } from "./components/route-error";
import { routeTree } from "./routeTree.gen";

/** `history` defaults to the browser's; tests pass a memory history. */
export function createAppRouter(api: ApiClient, history?: RouterHistory) {
  return createRouter({
    routeTree,
    history,
    context: { api, auth: api.auth },
    defaultPreload: "intent",
    defaultPendingComponent: PagePending,
    defaultErrorComponent: RouteError,
    defaultNotFoundComponent: NotFound,
    scrollRestoration: true,
  });
}

export type AppRouter = ReturnType<typeof createAppRouter>;

declare module "@tanstack/react-router" {
  interface Register {
    router: AppRouter;
  }
}

declare module "@tanstack/history" {
  /** What one page hands the next without putting it in the URL (and so in logs). */
  interface HistoryState {
    /** The email typed on one account page, carried to the next (sign-up → sign-in). */
    email?: string;
    /** The viewer was opened from the gallery: closing it goes back there. */
    fromGallery?: boolean;
    /** The account was just deleted: the home page says so. */
    accountDeleted?: boolean;
  }
}
