import type { ReactNode } from "react";
import styles from "./empty-state.module.css";

export interface EmptyStateProps {
  art?: ReactNode;
  title: string;
  children?: ReactNode;
  actions?: ReactNode;
}

/** A friendly "nothing here yet" with what to do next. */
export function EmptyState({ art, title, children, actions }: EmptyStateProps) {
  return (
    <div className={styles.empty}>
      {art && <div className={styles.art}>{art}</div>}
      <h2 className={styles.title}>{title}</h2>
      {children && <div className={styles.body}>{children}</div>}
      {actions && <div className={styles.actions}>{actions}</div>}
    </div>
  );
}
