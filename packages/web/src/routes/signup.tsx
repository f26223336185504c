import { createFileRoute, Link, redirect, useRouter } from "@tanstack/react-router";
import { AuthLayout } from "../components/auth-layout";
import { RouteError } from "../components/route-error";
import { SignupForm } from "../forms/signup-form";
import { RedirectSearch, safeRedirect } from "../lib/redirect";

export const Route = createFileRoute("/signup")({
  validateSearch: RedirectSearch,
  beforeLoad: async ({ context, search }) => {
    await context.auth.settled();
    if (context.auth.user) throw redirect({ href: safeRedirect(search.redirect) });
  },
  component: SignupPage,
  errorComponent: RouteError,
});

function SignupPage() {
  const { redirect: target } = Route.useSearch();
  const { auth } = Route.useRouteContext();
  const router = useRouter();
  return (
    <AuthLayout
      title="Create account"
      subtitle="A calm place for your photos and videos."
      footer={
        <>
          Already have an account?{" "}
          <Link to="/signin" search={{ redirect: target }}>
            Sign in
          </Link>
        </>
      }
    >
      <SignupForm
        // The email travels in history state, not in the URL.
        signInLink={(email) => (
          <Link to="/signin" search={{ redirect: target }} state={{ email }}>
            Sign in instead
          </Link>
        )}
        onSubmit={async (body) => {
          await auth.signUp(body);
          await router.navigate({ href: safeRedirect(target), replace: true });
        }}
      />
    </AuthLayout>
  );
}
