import { createFileRoute, Link, useLocation } from "@tanstack/react-router";
import { useState } from "react";
import { AuthLayout } from "../components/auth-layout";
import { Button } from "../components/button";
import { Outcome } from "../components/outcome";
import { RouteError } from "../components/route-error";
import { ForgotPasswordForm } from "../forms/forgot-password-form";
import { resetLinkMinutes } from "../lib/account-links";

export const Route = createFileRoute("/forgot-password")({
  component: ForgotPasswordPage,
  errorComponent: RouteError,
});

function ForgotPasswordPage() {
  const { api } = Route.useRouteContext();
  // The email typed on the sign-in page, if any.
  const carried = useLocation({ select: (location) => location.state.email });
  const [email, setEmail] = useState(carried);
  const [sent, setSent] = useState(false);

  if (sent && email) {
    return (
      <AuthLayout title="Check your email">
        <Outcome
          tone="info"
          actions={
            <Button variant="secondary" block onClick={() => setSent(false)}>
              Use another email
            </Button>
          }
        >
          {/* The same words whether or not the email has an account: nothing to learn here. */}
          <p>
            If <strong>{email}</strong> has a ShareSpace account, a link to choose a new password is
            on its way. It works once, for {resetLinkMinutes} minutes.
          </p>
          <p>Nothing there after a few minutes? Look in your spam folder.</p>
        </Outcome>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout
      title="Forgot your password?"
      subtitle="Enter your email and we'll send you a link to choose a new one."
      footer={
        <>
          Remembered it? <Link to="/signin">Sign in</Link>
        </>
      }
    >
      <ForgotPasswordForm
        defaultEmail={email}
        onSubmit={async (body) => {
          await api.forgotPassword(body);
          setEmail(body.email);
          setSent(true);
        }}
      />
    </AuthLayout>
  );
}
