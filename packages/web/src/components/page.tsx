import type { ReactNode } from "react";
import styles from "./page.module.css";
import { Spinner } from "./spinner";

export interface PageProps {
  title: string;
  description?: ReactNode;
  /** Buttons at the right of the title. */
  actions?: ReactNode;
  children?: ReactNode;
}

/** The frame of an app page: its `<h1>`, the document title and the content. */
export function Page({ title, description, actions, children }: PageProps) {
  return (
    <div className={`container ${styles.page}`}>
      <title>{`${title} · ShareSpace`}</title>
      <header className={styles.header}>
        <div className={styles.titles}>
          <h1 className={styles.title}>{title}</h1>
          {description && <p className={styles.description}>{description}</p>}
        </div>
        {actions}
      </header>
      {children}
    </div>
  );
}

/** Shown while a route's loader runs (after a short delay, so fast loads don't flicker). */
export function PagePending() {
  return (
    <div className={styles.pending}>
      <Spinner size="lg" label="Loading…" />
    </div>
  );
}
