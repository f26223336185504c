import { Await } from "@tanstack/react-router";
import { Alert } from "./alert";
import styles from "./health-status.module.css";

/**
 * The API's health, discreet while all is well and plain when it isn't. `health`
 * resolves to whether `GET /api/health` answered 200. `quiet`: say nothing unless it
 * failed (signed-in people need no status badge).
 */
export function HealthStatus({
  health,
  quiet = false,
}: {
  health: Promise<boolean>;
  quiet?: boolean;
}) {
  return (
    <Await
      promise={health}
      fallback={
        quiet ? null : (
          <p className={`${styles.status} ${styles.checking}`}>
            <span className={styles.dot} aria-hidden="true" />
            Checking status…
          </p>
        )
      }
    >
      {(ok) =>
        ok ? (
          quiet ? null : (
            <p className={`${styles.status} ${styles.ok}`} role="status">
              <span className={styles.dot} aria-hidden="true" />
              All systems normal
            </p>
          )
        ) : (
          <Alert tone="warning" title="ShareSpace can't be reached right now">
            Signing in and uploads won't work until it's back. Try again in a few minutes.
          </Alert>
        )
      }
    </Await>
  );
}
