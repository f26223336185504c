import { type HTMLAttributes, type ReactNode, useId } from "react";
import styles from "./card.module.css";

export interface CardProps extends Omit<HTMLAttributes<HTMLElement>, "title"> {
  /** A heading for the card; the card becomes a region labelled by it. */
  title?: ReactNode;
  description?: ReactNode;
  /** Heading level of the title (default 2). */
  level?: 2 | 3;
}

export function Card({ title, description, level = 2, className, children, ...rest }: CardProps) {
  const id = useId();
  const Heading = level === 2 ? "h2" : "h3";
  return (
    <section
      {...rest}
      aria-labelledby={title ? id : undefined}
      className={[styles.card, className].filter(Boolean).join(" ")}
    >
      {title && (
        <header className={styles.header}>
          <Heading id={id} className={styles.title}>
            {title}
          </Heading>
          {description && <p className={styles.description}>{description}</p>}
        </header>
      )}
      {children}
    </section>
  );
}
