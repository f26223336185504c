import type { ReactNode } from "react";
import styles from "./alert.module.css";

export type AlertTone = "info" | "success" | "warning" | "danger";

export interface AlertProps {
  tone?: AlertTone;
  title?: ReactNode;
  children?: ReactNode;
  className?: string;
}

const icons: Record<AlertTone, ReactNode> = {
  info: <path d="M10 9v5M10 6.2v.1" />,
  success: <path d="m6.5 10.2 2.3 2.3 4.7-5" />,
  warning: <path d="M10 6v4.5M10 13.6v.1" />,
  danger: <path d="M10 6v4.5M10 13.6v.1" />,
};

/**
 * A message about the page or a form. Problems (`warning`, `danger`) are announced at
 * once (`role="alert"`); good news politely (`role="status"`).
 */
export function Alert({ tone = "info", title, children, className }: AlertProps) {
  const urgent = tone === "danger" || tone === "warning";
  return (
    <div
      role={urgent ? "alert" : "status"}
      className={[styles.alert, styles[tone], className].filter(Boolean).join(" ")}
    >
      <svg
        className={styles.icon}
        viewBox="0 0 20 20"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.8"
        strokeLinecap="round"
        strokeLinejoin="round"
        aria-hidden="true"
      >
        <circle cx="10" cy="10" r="8.25" />
        {icons[tone]}
      </svg>
      <div className={styles.body}>
        {title && <p className={styles.title}>{title}</p>}
        {children && <div>{children}</div>}
      </div>
    </div>
  );
}
