import { type InputHTMLAttributes, type ReactNode, useId } from "react";
import styles from "./text-field.module.css";

export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "id"> {
  label: string;
  /** Help shown under the field, e.g. the password rule. */
  hint?: ReactNode;
  /** A problem with the value; marks the field invalid and is read with it. */
  error?: string | undefined;
  /** Something inside the field's right edge, e.g. a show-password toggle. */
  trailing?: ReactNode;
  /** Shown at the right of the label, e.g. "Optional". */
  aside?: ReactNode;
}

export function TextField({
  label,
  hint,
  error,
  trailing,
  aside,
  className,
  ...input
}: TextFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [error && errorId, hint && hintId].filter(Boolean).join(" ") || undefined;
  return (
    <div
      className={[styles.field, trailing && styles.withTrailing, className]
        .filter(Boolean)
        .join(" ")}
    >
      <div className={styles.labelRow}>
        <label htmlFor={id} className={styles.label}>
          {label}
        </label>
        {aside}
      </div>
      {hint && (
        <p id={hintId} className={styles.hint}>
          {hint}
        </p>
      )}
      <div className={styles.control}>
        <input
          {...input}
          id={id}
          className={styles.input}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
        />
        {trailing && <div className={styles.trailing}>{trailing}</div>}
      </div>
      {error && (
        <p id={errorId} className={styles.error}>
          <svg className={styles.errorIcon} viewBox="0 0 16 16" aria-hidden="true">
            <circle cx="8" cy="8" r="7" fill="currentColor" opacity="0.15" />
            <path d="M8 4.5v4" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
            <circle cx="8" cy="11.2" r="0.95" fill="currentColor" />
          </svg>
          {error}
        </p>
      )}
    </div>
  );
}
