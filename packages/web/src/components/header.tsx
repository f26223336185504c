import { Link } from "@tanstack/react-router";
import { lazy, Suspense, useEffect } from "react";
import { useAuth } from "../lib/use-auth";
import { Wordmark } from "./brand";
import { buttonClass } from "./button";
import styles from "./header.module.css";

// Only a signed-in person has the menu: its code stays out of the first download of the
// signed-out pages (sign-in above all). It is asked for as soon as a session is restored.
const loadProfileMenu = () => import("./profile-menu");
const ProfileMenu = lazy(async () => ({ default: (await loadProfileMenu()).ProfileMenu }));

export function Header() {
  const { state } = useAuth();
  // While a session is restored (the browser had one), the bar keeps its signed-in shape.
  const member = state.status !== "signed-out";
  useEffect(() => {
    if (member) void loadProfileMenu().catch(() => {});
  }, [member]);
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
            {/* Empty until the menu can show the person: a placeholder of another size
                would shift as the menu replaced it. */}
            <div className={styles.account}>
              {state.status === "signed-in" && (
                <Suspense fallback={null}>
                  <ProfileMenu user={state.user} />
                </Suspense>
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
