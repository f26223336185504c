import { createFileRoute, Outlet, redirect } from "@tanstack/react-router";
import { RouteError } from "../components/route-error";
import { useAuth } from "../lib/use-auth";
import { UploadProvider } from "../upload";

/** Pathless layout: every route under `_authed/` needs a signed-in user. */
export const Route = createFileRoute("/_authed")({
  // Waits only for the token (not for /api/me), so the page's own data loads beside it.
  beforeLoad: async ({ context, location }) => {
    if (!(await context.auth.signedIn())) {
      throw redirect({ to: "/signin", search: { redirect: location.href } });
    }
  },
  component: AuthedLayout,
  errorComponent: RouteError,
});

/** The signed-in app: uploads can start from any of its pages (drop, paste, pickers). */
function AuthedLayout() {
  const { api } = Route.useRouteContext();
  const { state } = useAuth();
  if (state.status !== "signed-in") return <Outlet />;
  return (
    <UploadProvider api={api} userId={state.user.id}>
      <Outlet />
    </UploadProvider>
  );
}
