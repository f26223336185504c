import { createFileRoute, Link, redirect, useLocation, useRouter } from "@tanstack/react-router";
import { AuthLayout } from "../components/auth-layout";
import { RouteError } from "../components/route-error";
import { SigninForm } from "../forms/signin-form";
import { RedirectSearch, safeRedirect } from "../lib/redirect";

export const Route = createFileRoute("/signin")({
  // The page comes in the first download, not as a chunk of its own: it is where every
  // signed-out visit lands, and one file compresses better than the handful its form's
  // parts would be. (The sign-up and password pages share those parts.)
  codeSplitGroupings: [["errorComponent"]],
  validateSearch: RedirectSearch,
  beforeLoad: async ({ context, search }) => {
    await context.auth.settled();
    if (context.auth.user) throw redirect({ href: safeRedirect(search.redirect) });
  },
  component: SigninPage,
  errorComponent: RouteError,
});

function SigninPage() {
  const { redirect: target } = Route.useSearch();
  const email = useLocation({ select: (location) => location.state.email });
  const { auth } = Route.useRouteContext();
  const router = useRouter();
  return (
    <AuthLayout
      title="Sign in"
      subtitle="Welcome back to ShareSpace."
      footer={
        <>
          New to ShareSpace?{" "}
          <Link to="/signup" search={{ redirect: target }}>
            Create account
          </Link>
        </>
      }
    >
      <SigninForm
        defaultEmail={email}
        forgotPasswordLink={(typed) => (
          <Link to="/forgot-password" state={{ email: typed || undefined }}>
            Forgot password?
          </Link>
        )}
        onSubmit={async (body) => {
          await auth.signIn(body);
          await router.navigate({ href: safeRedirect(target), replace: true });
        }}
      />
    </AuthLayout>
  );
}
