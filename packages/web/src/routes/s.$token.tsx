import { createFileRoute } from "@tanstack/react-router";
import { RouteError } from "../components/route-error";
import { LinkPage } from "../link/link-page";

/**
 * `/s/{token or slug}`: a shared link, for anyone holding it. No loader: opening a link
 * counts a view, so it happens once per page load, never on a hover's preload.
 */
export const Route = createFileRoute("/s/$token")({
  component: LinkRoute,
  errorComponent: RouteError,
});

function LinkRoute() {
  const { token } = Route.useParams();
  const { api } = Route.useRouteContext();
  return <LinkPage key={token} links={api.links} token={token} />;
}
