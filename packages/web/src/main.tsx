import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { createClient } from "./api";
import { App } from "./app";
import { createAppRouter } from "./router";
import "./styles/tokens.css";
import "./styles/base.css";

const api = createClient();
const router = createAppRouter(api);

// A session that ends on its own (the refresh cookie was refused) re-runs the guards,
// so a protected page sends the person to sign in instead of failing call by call.
let previous = api.auth.state.status;
api.auth.subscribe(() => {
  const current = api.auth.state.status;
  if (previous === "signed-in" && current === "signed-out") void router.invalidate();
  previous = current;
});

// Restores a session from the HttpOnly refresh cookie after a reload.
void api.auth.restore();

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");
createRoot(root).render(
  <StrictMode>
    <App api={api} router={router} />
  </StrictMode>,
);
