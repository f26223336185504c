import type { User } from "@sharespace/core/schema";
import { Link } from "@tanstack/react-router";
import { buttonClass } from "./button";
import { HealthStatus } from "./health-status";
import { PhotosArt } from "./illustrations";
import styles from "./welcome.module.css";

/** "Ada" from "Ada Lovelace": the first word of the name, which is all of a one-word name. */
export function firstName(name: string): string {
  return name.trim().split(/\s+/u)[0] || name;
}

export interface WelcomeProps {
  user: User;
  /** The session began with a sign-up: "Welcome", else "Welcome back". */
  isNewAccount: boolean;
  health: Promise<boolean>;
}

/** The home page of a signed-in person: a greeting and the way to their pictures. */
export function Welcome({ user, isNewAccount, health }: WelcomeProps) {
  return (
    <section className={styles.welcome} aria-labelledby="home-title">
      <div className={`container ${styles.inner}`}>
        <div className={styles.copy}>
          <h1 id="home-title" className={styles.title}>
            {isNewAccount ? "Welcome" : "Welcome back"},{" "}
            <span className={styles.name}>{firstName(user.name)}</span>
          </h1>
          <p className={styles.lead}>
            {isNewAccount
              ? "Your space is ready. Everything you upload stays private until you share it."
              : "Your gallery is ready for you, and so is everything people have shared with you."}
          </p>
          <div className={styles.ctas}>
            <Link to="/gallery" className={buttonClass({ variant: "primary", size: "lg" })}>
              Open your gallery
            </Link>
            <Link to="/shared" className={buttonClass({ variant: "secondary", size: "lg" })}>
              Shared with me
            </Link>
          </div>
          <HealthStatus health={health} quiet />
        </div>
        <div className={styles.art} aria-hidden="true">
          <PhotosArt />
        </div>
      </div>
    </section>
  );
}
