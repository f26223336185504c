import type { ButtonHTMLAttributes, Ref } from "react";
import styles from "./button.module.css";
import { Spinner } from "./spinner";

export type ButtonVariant = "primary" | "secondary" | "ghost" | "danger" | "danger-solid";
export type ButtonSize = "sm" | "md" | "lg";

export interface ButtonStyle {
  variant?: ButtonVariant;
  size?: ButtonSize;
  /** Full width. */
  block?: boolean;
}

/** The button classes, for links that look like buttons (`<Link className={buttonClass()}>`). */
export function buttonClass({ variant = "secondary", size = "md", block }: ButtonStyle = {}) {
  const variantClass = variant === "danger-solid" ? styles.dangerSolid : styles[variant];
  return [styles.button, variantClass, size !== "md" && styles[size], block && styles.block]
    .filter(Boolean)
    .join(" ");
}

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement>, ButtonStyle {
  ref?: Ref<HTMLButtonElement>;
  /**
   * Shows a spinner and ignores presses, keeping its label for screen readers. The button
   * stays focusable (`aria-disabled`, not `disabled`): a disabled button would drop the
   * focus of whoever just pressed it to the top of the page.
   */
  busy?: boolean;
}

export function Button({
  variant,
  size,
  block,
  busy = false,
  className,
  children,
  onClick,
  type = "button",
  ...rest
}: ButtonProps) {
  const classes = [buttonClass({ variant, size, block }), busy && styles.busy, className]
    .filter(Boolean)
    .join(" ");
  return (
    <button
      {...rest}
      type={type}
      className={classes}
      aria-disabled={busy || rest["aria-disabled"] || undefined}
      aria-busy={busy || undefined}
      onClick={(event) => {
        // While busy a press does nothing, not even submit its form a second time.
        if (busy) event.preventDefault();
        else onClick?.(event);
      }}
    >
      <span className={styles.label}>{children}</span>
      {busy && (
        <span className={styles.spinner}>
          <Spinner size="sm" />
        </span>
      )}
    </button>
  );
}
