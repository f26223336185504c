import styles from "./spinner.module.css";

export interface SpinnerProps {
  size?: "sm" | "md" | "lg";
  /** When given, the spinner is announced (`role="status"`); otherwise it is decoration. */
  label?: string;
}

export function Spinner({ size = "md", label }: SpinnerProps) {
  const spinner = <span className={`${styles.spinner} ${styles[size]}`} aria-hidden="true" />;
  if (!label) return spinner;
  return (
    <span role="status">
      {spinner}
      <span className="visually-hidden">{label}</span>
    </span>
  );
}
