import { createFileRoute } from "@tanstack/react-router";
import { RouteError } from "../../components/route-error";
import { Viewer } from "../../viewer/viewer";

/** `/gallery/med_…`: one item, full screen, over the gallery. */
export const Route = createFileRoute("/_authed/gallery/$id")({
  component: ViewerRoute,
  errorComponent: RouteError,
});

function ViewerRoute() {
  const { id } = Route.useParams();
  return <Viewer id={id} />;
}
