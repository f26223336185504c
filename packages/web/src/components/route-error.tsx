import { type ErrorComponentProps, Link, useRouter } from "@tanstack/react-router";
import { isApiError } from "../api";
import { Alert } from "./alert";
import { Button, buttonClass } from "./button";
import { Page } from "./page";
import styles from "./route-error.module.css";

/** A route's loader or component failed: say what happened and offer a way on. */
export function RouteError({ error, reset }: ErrorComponentProps) {
  const router = useRouter();
  const sessionEnded = isApiError(error) && error.status === 401;
  const message = isApiError(error)
    ? error.message
    : "Something unexpected went wrong on this page.";

  const retry = () => {
    reset();
    void router.invalidate();
  };

  return (
    <Page title={sessionEnded ? "Please sign in again" : "Something went wrong"}>
      <div className={styles.body}>
        <Alert tone="danger">{sessionEnded ? "Your session has ended." : message}</Alert>
        <div className={styles.actions}>
          {sessionEnded ? (
            <Link to="/signin" className={buttonClass({ variant: "primary" })}>
              Sign in
            </Link>
          ) : (
            <Button variant="primary" onClick={retry}>
              Try again
            </Button>
          )}
          <Link to="/" className={buttonClass({ variant: "ghost" })}>
            Go home
          </Link>
        </div>
      </div>
    </Page>
  );
}
