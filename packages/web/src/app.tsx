import { RouterProvider } from "@tanstack/react-router";
import type { ApiClient } from "./api";
import { Splash } from "./components/splash";
import { useAuthState } from "./lib/use-auth";
import type { AppRouter } from "./router";

/** Holds the routes back until the session is restored, so guards never see a half-known user. */
export function App({ api, router }: { api: ApiClient; router: AppRouter }) {
  const state = useAuthState(api.auth);
  if (state.status === "restoring") return <Splash />;
  return <RouterProvider router={router} />;
}
