import { type ReactNode, type Ref, useId } from "react";
import styles from "./error-summary.module.css";

export interface ErrorSummaryItem {
  /** The id of the field the problem is about; its link moves focus there. */
  fieldId: string;
  message: string;
}

export interface ErrorSummaryProps {
  /** The form-level problem, e.g. "Email or password is incorrect." */
  message?: ReactNode;
  /** Field problems, listed as links to their fields. */
  items?: readonly ErrorSummaryItem[];
  ref?: Ref<HTMLDivElement>;
}

/**
 * What went wrong with a form, at its top. It is an alert (announced when it appears) and
 * receives focus after a failed submit, so a screen reader reads the problem even when the
 * field at fault already had focus and nothing else would change.
 */
export function ErrorSummary({ message, items = [], ref }: ErrorSummaryProps) {
  const titleId = useId();
  const title = message ?? (items.length === 1 ? "Check this field" : "Check these fields");
  return (
    <div ref={ref} role="alert" tabIndex={-1} aria-labelledby={titleId} className={styles.summary}>
      <svg
        className={styles.icon}
        viewBox="0 0 20 20"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.8"
        strokeLinecap="round"
        aria-hidden="true"
      >
        <circle cx="10" cy="10" r="8.25" />
        <path d="M10 6v4.5M10 13.6v.1" />
      </svg>
      <div className={styles.body}>
        <div id={titleId} className={styles.title}>
          {title}
        </div>
        {items.length > 0 && (
          <ul className={styles.list}>
            {items.map((item) => (
              <li key={item.fieldId}>
                <a
                  href={`#${item.fieldId}`}
                  onClick={(event) => {
                    // Focus the field itself (a fragment link would only scroll to it).
                    const field = document.getElementById(item.fieldId);
                    if (!field) return;
                    event.preventDefault();
                    field.focus();
                  }}
                >
                  {item.message}
                </a>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
