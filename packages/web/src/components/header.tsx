import { Link } from "@tanstack/react-router";
import { useAuth } from "../lib/use-auth";
import { Wordmark } from "./brand";
import { buttonClass } from "./button";
import styles from "./header.module.css";
import { ProfileMenu } from "./profile-menu";

export function Header() {
  const { state } = useAuth();
  // While a session is restored (the browser had one), the bar keeps its signed-in shape.
  const member = state.status !== "signed-out";
  return (
    <header className={styles.header}>
      <div className={`container ${styles.bar}`}>
        <Link to="/" className={styles.brand} aria-label="ShareSpace home">
          <Wordmark collapsible={!member} />
        </Link>
        {member ? (
          <>
            <nav className={styles.nav} aria-label="Main">
              <Link to="/gallery" className={styles.navLink}>
                Gallery
              </Link>
              <Link to="/shared" className={styles.navLink}>
                Shared with me
              </Link>
              <Link to="/links" className={styles.navLink}>
                Links
              </Link>
            </nav>
            <div className={styles.account}>
              {state.status === "signed-in" ? (
                <ProfileMenu user={state.user} />
              ) : (
                <span className={styles.accountPending} />
              )}
            </div>
          </>
        ) : (
          <div className={styles.account}>
            <Link to="/signin" className={buttonClass({ variant: "ghost", size: "sm" })}>
              Sign in
            </Link>
            <Link to="/signup" className={buttonClass({ variant: "primary", size: "sm" })}>
              Create account
            </Link>
          </div>
        )}
      </div>
    </header>
  );
}
