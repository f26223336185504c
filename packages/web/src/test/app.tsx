import { createMemoryHistory } from "@tanstack/react-router";
import { render } from "@testing-library/react";
import { StrictMode } from "react";
import { createClient } from "../api";
import { App } from "../app";
import { createAppRouter } from "../router";
import { type Handler, json, me, mockFetch } from "./fetch";

export interface AppOptions {
  /** A session to restore (the refresh cookie works), and who it belongs to. */
  signedIn?: boolean;
  user?: Partial<typeof me>;
  /** More API routes, or replacements for the defaults. */
  routes?: Record<string, Handler>;
  /** Render in React's strict mode, which runs every effect twice. */
  strict?: boolean;
  /** Render while the session is still being restored, as `main.tsx` does. */
  restoring?: boolean;
}

/** The whole app at `path`, over a mocked fetch (see test/fetch.ts). */
export async function renderApp(path: string, options: AppOptions = {}) {
  const { signedIn = false, user = {}, routes = {}, strict = false, restoring = false } = options;
  const fetch = mockFetch({
    "POST /api/auth/refresh": () =>
      signedIn
        ? json(200, { accessToken: "at-1", expiresIn: 900 })
        : json(401, { message: "Unauthorized" }),
    "GET /api/me": () => json(200, { ...me, ...user }),
    "GET /api/health": () => json(200, { status: "ok" }),
    "GET /api/shared?limit=60": () => json(200, { items: [], nextCursor: null }),
    ...routes,
  });
  const api = createClient({
    fetch,
    // The hint cookie says a session may exist; the refresh answer decides.
    hint: { present: () => true, clear: () => {} },
  });
  const router = createAppRouter(api, createMemoryHistory({ initialEntries: [path] }));
  const restored = api.auth.restore();
  if (!restoring) await restored;
  const app = <App api={api} router={router} />;
  render(strict ? <StrictMode>{app}</StrictMode> : app);
  return { api, router, fetch };
}
