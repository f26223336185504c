import type { User } from "@sharespace/core/schema";
import { ResendVerification } from "./resend-verification";
import styles from "./verify-notice.module.css";

export interface VerifyNoticeProps {
  user: User;
  resend(): Promise<void>;
}

/**
 * A quiet bar for signed-in people who have not verified their email yet: until they do,
 * what others share with that address waits for them.
 */
export function VerifyNotice({ user, resend }: VerifyNoticeProps) {
  return (
    <aside className={styles.notice} aria-label="Email verification">
      <div className={`container ${styles.inner}`}>
        <p className={styles.text}>
          Verify your email to receive what people share with you. We sent a link to{" "}
          <strong className={styles.email}>{user.email}</strong>.
        </p>
        <div className={styles.actions}>
          <ResendVerification resend={resend} variant="ghost" size="sm" />
        </div>
      </div>
    </aside>
  );
}
