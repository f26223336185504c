import { createFileRoute, Outlet, redirect } from "@tanstack/react-router";
import { RouteError } from "../components/route-error";

/** Pathless layout: every route under `_authed/` needs a signed-in user. */
export const Route = createFileRoute("/_authed")({
  // Waits only for the token (not for /api/me), so the page's own data loads beside it.
  beforeLoad: async ({ context, location }) => {
    if (!(await context.auth.signedIn())) {
      throw redirect({ to: "/signin", search: { redirect: location.href } });
    }
  },
  component: Outlet,
  errorComponent: RouteError,
});
