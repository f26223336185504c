import { createFileRoute, Link } from "@tanstack/react-router";
import { useEffect, useRef, useState } from "react";
import { isApiError } from "../api";
import { AuthLayout } from "../components/auth-layout";
import { Button, buttonClass } from "../components/button";
import { Outcome } from "../components/outcome";
import { ResendVerification } from "../components/resend-verification";
import { RouteError } from "../components/route-error";
import { Spinner } from "../components/spinner";
import { TokenSearch } from "../lib/account-links";
import { useAuth } from "../lib/use-auth";

export const Route = createFileRoute("/verify")({
  validateSearch: TokenSearch,
  // Whose email this is matters to the page: it waits for the session.
  beforeLoad: ({ context }) => context.auth.settled(),
  component: VerifyPage,
  errorComponent: RouteError,
});

type Result =
  | { kind: "checking" }
  | { kind: "verified" }
  | { kind: "invalid" }
  | { kind: "failed"; message: string };

const primary = buttonClass({ variant: "primary", size: "lg", block: true });

/**
 * Opened from the verification email. The token is sent from the page, not from a loader,
 * so hovering or preloading a link can never spend it; one request per visit (and per
 * "Try again"), even when React runs effects twice in development.
 */
function VerifyPage() {
  const { token } = Route.useSearch();
  const { api } = Route.useRouteContext();
  const { state } = useAuth();
  const user = state.status === "signed-in" ? state.user : null;
  const [result, setResult] = useState<Result>({ kind: token ? "checking" : "invalid" });
  const [attempt, setAttempt] = useState(0);
  const sent = useRef<{ attempt: number; promise: Promise<void> }>(undefined);

  useEffect(() => {
    if (!token) return;
    if (sent.current?.attempt !== attempt) {
      sent.current = { attempt, promise: api.verifyEmail(token) };
    }
    let live = true;
    sent.current.promise.then(
      () => live && setResult({ kind: "verified" }),
      (error: unknown) => {
        if (!live) return;
        if (isApiError(error, "invalid_token") || isApiError(error, "invalid_request")) {
          setResult({ kind: "invalid" });
        } else {
          setResult({
            kind: "failed",
            message: isApiError(error) ? error.message : "Something went wrong.",
          });
        }
      },
    );
    return () => {
      live = false;
    };
  }, [api, token, attempt]);

  switch (result.kind) {
    case "checking":
      return (
        <AuthLayout title="Verifying your email">
          <Outcome tone="info">
            <Spinner size="lg" label="Checking your link…" />
          </Outcome>
        </AuthLayout>
      );
    case "verified":
      return (
        <AuthLayout title="Email verified">
          <Outcome
            tone="success"
            actions={
              user ? (
                <Link to="/" className={primary}>
                  Continue
                </Link>
              ) : (
                <Link to="/signin" className={primary}>
                  Sign in
                </Link>
              )
            }
          >
            <p>Thank you. Photos and videos shared with this address now reach you.</p>
          </Outcome>
        </AuthLayout>
      );
    case "invalid":
      if (user?.emailVerified) {
        return (
          <AuthLayout title="Email verified">
            <Outcome
              tone="success"
              actions={
                <Link to="/" className={primary}>
                  Continue
                </Link>
              }
            >
              <p>
                <strong>{user.email}</strong> is already verified. There is nothing more to do.
              </p>
            </Outcome>
          </AuthLayout>
        );
      }
      return (
        <AuthLayout title="This link no longer works">
          <Outcome
            tone="warning"
            actions={
              user ? (
                <ResendVerification
                  resend={api.resendVerification}
                  variant="primary"
                  size="lg"
                  block
                />
              ) : (
                <Link to="/signin" search={{ redirect: "/" }} className={primary}>
                  Sign in to get a new link
                </Link>
              )
            }
          >
            <p>
              It may have expired, or a newer email replaced it. Ask for a new link and use the
              newest email.
            </p>
          </Outcome>
        </AuthLayout>
      );
    case "failed":
      return (
        <AuthLayout title="We couldn't verify your email">
          <Outcome
            tone="warning"
            actions={
              <Button
                variant="primary"
                size="lg"
                block
                onClick={() => {
                  setResult({ kind: "checking" });
                  setAttempt((n) => n + 1);
                }}
              >
                Try again
              </Button>
            }
          >
            <p>{result.message}</p>
          </Outcome>
        </AuthLayout>
      );
  }
}
