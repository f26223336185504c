import { Link } from "@tanstack/react-router";
import { buttonClass } from "./button";
import styles from "./not-found.module.css";

export function NotFound() {
  return (
    <div className={`container ${styles.wrap}`}>
      <title>Page not found · ShareSpace</title>
      <p className={styles.code} aria-hidden="true">
        404
      </p>
      <h1 className={styles.title}>Page not found</h1>
      <p className={styles.body}>
        The link may be broken, or the page may have moved. Let's get you somewhere useful.
      </p>
      <div className={styles.actions}>
        <Link to="/" className={buttonClass({ variant: "primary" })}>
          Go to the home page
        </Link>
      </div>
    </div>
  );
}
