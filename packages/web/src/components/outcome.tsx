import type { ReactNode } from "react";
import styles from "./outcome.module.css";

export type OutcomeTone = "success" | "warning" | "info";

const icons: Record<OutcomeTone, ReactNode> = {
  success: <path d="m7 12.5 3.2 3.2L17 9" />,
  warning: <path d="M12 7.5v5.5M12 16.4v.1" />,
  info: <path d="M5.5 8.5 12 13l6.5-4.5M5.5 7.5h13v9h-13z" />,
};

export interface OutcomeProps {
  tone: OutcomeTone;
  children: ReactNode;
  /** Links or buttons: what to do next. */
  actions?: ReactNode;
}

/**
 * How an account flow ended (email verified, link expired, check your inbox), inside an
 * `AuthLayout` whose title says it in a few words.
 */
export function Outcome({ tone, children, actions }: OutcomeProps) {
  return (
    <div className={styles.outcome}>
      <span className={`${styles.icon} ${styles[tone]}`}>
        <svg
          viewBox="0 0 24 24"
          fill="none"
          stroke="currentColor"
          strokeWidth="2.2"
          strokeLinecap="round"
          strokeLinejoin="round"
          aria-hidden="true"
          focusable="false"
        >
          {icons[tone]}
        </svg>
      </span>
      <div className={styles.body}>{children}</div>
      {actions && <div className={styles.actions}>{actions}</div>}
    </div>
  );
}
