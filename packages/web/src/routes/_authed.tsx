import { createFileRoute, Outlet, redirect } from "@tanstack/react-router";
import { RouteError } from "../components/route-error";

/** Pathless layout: every route under `_authed/` needs a signed-in user. */
export const Route = createFileRoute("/_authed")({
  beforeLoad: ({ context, location }) => {
    if (!context.auth.user) {
      throw redirect({ to: "/signin", search: { redirect: location.href } });
    }
  },
  component: Outlet,
  errorComponent: RouteError,
});
