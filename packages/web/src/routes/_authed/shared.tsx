import { createFileRoute } from "@tanstack/react-router";
import { RouteError } from "../../components/route-error";
import { SharedPage } from "../../shared/shared-page";

export const Route = createFileRoute("/_authed/shared")({
  loader: ({ context }) => context.api.sharing.sharedWithMe({ limit: 60 }),
  component: SharedRoute,
  errorComponent: RouteError,
});

function SharedRoute() {
  const first = Route.useLoaderData();
  const { api } = Route.useRouteContext();
  return <SharedPage api={api} first={first} />;
}
