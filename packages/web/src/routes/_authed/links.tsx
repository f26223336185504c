import { createFileRoute } from "@tanstack/react-router";
import { RouteError } from "../../components/route-error";
import { LinksPage } from "../../links/links-page";

export const Route = createFileRoute("/_authed/links")({
  loader: ({ context }) => context.api.sharing.myLinks({ limit: 50 }),
  component: LinksRoute,
  errorComponent: RouteError,
});

function LinksRoute() {
  const first = Route.useLoaderData();
  const { api } = Route.useRouteContext();
  return <LinksPage api={api} first={first} />;
}
