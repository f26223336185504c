import { createFileRoute, Link } from "@tanstack/react-router";
import { useState } from "react";
import { isApiError } from "../api";
import { AuthLayout } from "../components/auth-layout";
import { buttonClass } from "../components/button";
import { Outcome } from "../components/outcome";
import { RouteError } from "../components/route-error";
import { ResetPasswordForm } from "../forms/reset-password-form";
import { resetLinkMinutes, TokenSearch } from "../lib/account-links";

export const Route = createFileRoute("/reset-password")({
  validateSearch: TokenSearch,
  component: ResetPasswordPage,
  errorComponent: RouteError,
});

type Step = "choose" | "done" | "invalid";

function ResetPasswordPage() {
  const { token } = Route.useSearch();
  const { api } = Route.useRouteContext();
  const [step, setStep] = useState<Step>(token ? "choose" : "invalid");

  if (step === "done") {
    return (
      <AuthLayout title="Password changed">
        <Outcome
          tone="success"
          actions={
            <Link
              to="/signin"
              className={buttonClass({ variant: "primary", size: "lg", block: true })}
            >
              Sign in
            </Link>
          }
        >
          <p>
            Your new password is set. For your safety, every device that was signed in to your
            account is now signed out.
          </p>
        </Outcome>
      </AuthLayout>
    );
  }

  if (step === "invalid" || !token) {
    return (
      <AuthLayout title="This link no longer works">
        <Outcome
          tone="warning"
          actions={
            <Link
              to="/forgot-password"
              className={buttonClass({ variant: "primary", size: "lg", block: true })}
            >
              Get a new link
            </Link>
          }
        >
          <p>
            A reset link works once, for {resetLinkMinutes} minutes. Ask for a new one, and use the
            newest email.
          </p>
        </Outcome>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title="Choose a new password" subtitle="You'll be signed out everywhere else.">
      <ResetPasswordForm
        onSubmit={async ({ password }) => {
          try {
            await api.resetPassword({ token, password });
            setStep("done");
          } catch (error) {
            if (!isApiError(error, "invalid_token")) throw error;
            setStep("invalid");
          }
        }}
      />
    </AuthLayout>
  );
}
