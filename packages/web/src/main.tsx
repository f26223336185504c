import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { createClient } from "./api";
import { App } from "./app";
import { fetchFirstData } from "./gallery/first-data";
import { createAppRouter } from "./router";
import "./styles/tokens.css";
import "./styles/base.css";

const api = createClient();
const router = createAppRouter(api);

// A session that ends on its own (the refresh cookie was refused, or the user could not be
// loaded after a refresh) re-runs the guards, so a protected page sends the person to sign
// in instead of failing call by call.
let previous = api.auth.state.status;
api.auth.subscribe(() => {
  const current = api.auth.state.status;
  if (previous !== "signed-out" && current === "signed-out") void router.invalidate();
  previous = current;
});

// Three things at once on start, none waiting for another: the session is restored from the
// HttpOnly refresh cookie, the router runs (guards wait for what they need; a page's loader
// fetches its data as soon as there is a token) and the code of the page asked for loads.
void api.auth.restore();
// The gallery's data comes with the token, not after its page's code (which holds its loader).
if (/^\/gallery(\/|$)/.test(router.state.location.pathname)) fetchFirstData(api);
for (const { routeId } of router.matchRoutes(router.state.location)) {
  const route = router.routesById[routeId as keyof typeof router.routesById];
  void router.loadRouteChunk(route)?.catch(() => {});
}

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");
createRoot(root).render(
  <StrictMode>
    <App api={api} router={router} />
  </StrictMode>,
);
