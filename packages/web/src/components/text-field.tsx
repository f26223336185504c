import { characterCount } from "@sharespace/core/schema";
import { type InputHTMLAttributes, type ReactNode, useId, useState } from "react";
import styles from "./text-field.module.css";

export interface TextFieldProps extends InputHTMLAttributes<HTMLInputElement> {
  label: string;
  /** Help shown under the label, e.g. the password rule. */
  hint?: ReactNode;
  /** A problem with the value; marks the field invalid and is read with it. */
  error?: string | undefined;
  /** Something inside the field's right edge, e.g. a show-password toggle. */
  trailing?: ReactNode;
  /** Shown under the field, e.g. a strength meter. */
  below?: ReactNode;
  /** Ids of more elements that describe the field (e.g. inside `below`). */
  describedBy?: string;
  /** A limit in characters (code points): shows a counter and stops typing at the limit. */
  maxCharacters?: number;
}

export function TextField({
  label,
  hint,
  error,
  trailing,
  below,
  describedBy,
  maxCharacters,
  className,
  id: givenId,
  onChange,
  ...input
}: TextFieldProps) {
  const generatedId = useId();
  const id = givenId ?? generatedId;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const counterId = `${id}-counter`;
  const [text, setText] = useState(() => String(input.value ?? input.defaultValue ?? ""));
  const describedByIds =
    [error && errorId, hint && hintId, maxCharacters !== undefined && counterId, describedBy]
      .filter(Boolean)
      .join(" ") || undefined;

  const count = characterCount(text);
  // `maxlength` counts UTF-16 units and the limit counts characters: allow for the
  // characters already typed that take two units (emoji), so the stop is at the limit.
  const maxLength =
    maxCharacters === undefined ? input.maxLength : maxCharacters + (text.length - count);

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
        {maxCharacters !== undefined && (
          <CharacterCounter id={counterId} count={count} max={maxCharacters} />
        )}
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
          maxLength={maxLength}
          className={styles.input}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedByIds}
          onChange={(event) => {
            setText(event.currentTarget.value);
            onChange?.(event);
          }}
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
      {below}
    </div>
  );
}

/** How close near the limit the counter starts speaking up. */
const WARN_WITHIN = 10;

/**
 * "12/80" beside the label; read as "12 of 80 characters" with the field. Near the limit a
 * polite live region says how many are left, so a screen reader hears it while typing.
 */
function CharacterCounter({ id, count, max }: { id: string; count: number; max: number }) {
  const left = max - count;
  const near = left <= WARN_WITHIN;
  return (
    <>
      <span
        id={id}
        className={[styles.counter, near && styles.counterNear].filter(Boolean).join(" ")}
      >
        <span aria-hidden="true">
          {count}/{max}
        </span>
        <span className="visually-hidden">
          {count} of {max} characters
        </span>
      </span>
      <span className="visually-hidden" aria-live="polite">
        {near ? `${left} ${left === 1 ? "character" : "characters"} left` : ""}
      </span>
    </>
  );
}
