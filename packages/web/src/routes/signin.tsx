import { createFileRoute, Link, redirect, useRouter } from "@tanstack/react-router";
import { AuthLayout } from "../components/auth-layout";
import { RouteError } from "../components/route-error";
import { SigninForm } from "../forms/signin-form";
import { RedirectSearch, safeRedirect } from "../lib/redirect";

export const Route = createFileRoute("/signin")({
  validateSearch: RedirectSearch,
  beforeLoad: ({ context, search }) => {
    if (context.auth.user) throw redirect({ href: safeRedirect(search.redirect) });
  },
  component: SigninPage,
  errorComponent: RouteError,
});

function SigninPage() {
  const { redirect: target } = Route.useSearch();
  const { auth } = Route.useRouteContext();
  const router = useRouter();
  return (
    <AuthLayout
      title="Welcome back"
      subtitle="Sign in to your ShareSpace."
      footer={
        <>
          New to ShareSpace?{" "}
          <Link to="/signup" search={{ redirect: target }}>
            Create an account
          </Link>
        </>
      }
    >
      <SigninForm
        onSubmit={async (body) => {
          await auth.signIn(body);
          await router.navigate({ href: safeRedirect(target), replace: true });
        }}
      />
    </AuthLayout>
  );
}
