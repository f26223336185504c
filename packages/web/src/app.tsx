import { RouterProvider } from "@tanstack/react-router";
import type { ApiClient } from "./api";
import type { AppRouter } from "./router";

/**
 * The router starts at once, while the session is being restored: guards wait for what
 * they need (`auth.signedIn()`, `auth.settled()`), so route code, the refresh and a page's
 * data load side by side instead of one after another.
 */
export function App({ router }: { api: ApiClient; router: AppRouter }) {
  return <RouterProvider router={router} />;
}
