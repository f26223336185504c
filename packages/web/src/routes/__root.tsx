import { createRootRouteWithContext, Outlet, useRouterState } from "@tanstack/react-router";
import { lazy, Suspense, useEffect, useRef, useState } from "react";
import { Footer } from "../components/footer";
import { Header } from "../components/header";
import { NotFound } from "../components/not-found";
import { RouteError } from "../components/route-error";
import { useAuth } from "../lib/use-auth";
import type { RouterContext } from "../router-context";

// Shown only to a signed-in person whose email is unverified: loaded when first needed.
const VerifyNotice = lazy(async () => ({
  default: (await import("../components/verify-notice")).VerifyNotice,
}));

export const Route = createRootRouteWithContext<RouterContext>()({
  component: RootLayout,
  notFoundComponent: NotFound,
  errorComponent: RouteError,
});

/** `/gallery/med_1` → `gallery`. */
const sectionOf = (path: string) => path.split("/")[1] ?? "";

function RootLayout() {
  const { state } = useAuth();
  const { api } = Route.useRouteContext();
  const mainRef = useRef<HTMLElement>(null);
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  const shown = useRef(pathname);
  const arrived = useFirstPageShown();

  // After a client-side navigation, move focus to the new content, as a page load
  // would, so keyboard and screen reader users start at the top of the new page. Within
  // one section (the gallery and the viewer opened over it) focus is the section's own
  // business: the viewer takes it, and gives it back to the picture's tile.
  useEffect(() => {
    const before = shown.current;
    if (before === pathname) return;
    shown.current = pathname;
    if (sectionOf(before) === sectionOf(pathname)) return;
    mainRef.current?.focus({ preventScroll: true });
  }, [pathname]);

  return (
    <>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <Header />
      {state.status === "signed-in" && !state.user.emailVerified && pathname !== "/verify" && (
        <Suspense fallback={null}>
          <VerifyNotice user={state.user} resend={api.resendVerification} />
        </Suspense>
      )}
      <main id="main" ref={mainRef} tabIndex={-1} style={{ outline: "none" }}>
        <Outlet />
      </main>
      <Footer hidden={!arrived} />
    </>
  );
}

/**
 * False until the first page (its session, data and code) is in. Till then `main` is short,
 * and a footer drawn at the bottom of the window would be pushed out of it when the page
 * arrives: a layout shift on every load of a long page such as the gallery.
 */
function useFirstPageShown() {
  const idle = useRouterState({ select: (state) => state.status === "idle" });
  const [shown, setShown] = useState(false);
  useEffect(() => {
    if (idle) setShown(true);
  }, [idle]);
  return shown;
}
