import { createFileRoute, Outlet, redirect } from "@tanstack/react-router";
import { RouteError } from "../components/route-error";
import { galleryOf } from "../gallery/store";
import { useAuth } from "../lib/use-auth";
import { UploadProvider, useOnUploaded } from "../upload";

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
      <UploadsToGallery />
      <Outlet />
    </UploadProvider>
  );
}

/**
 * A finished upload joins the gallery at once (processing, then with its thumbnail),
 * whichever page the person is on when it finishes.
 */
function UploadsToGallery() {
  const { api } = Route.useRouteContext();
  useOnUploaded((media) => galleryOf(api).added(media));
  return null;
}
