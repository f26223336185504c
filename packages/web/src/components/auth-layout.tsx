import type { ReactNode } from "react";
import styles from "./auth-layout.module.css";
import { BrandMark } from "./brand";
import { Card } from "./card";

export interface AuthLayoutProps {
  title: string;
  subtitle: ReactNode;
  /** Under the card, e.g. "Already have an account? Sign in". */
  footer: ReactNode;
  children: ReactNode;
}

/** The centred frame of the sign-in and sign-up pages. */
export function AuthLayout({ title, subtitle, footer, children }: AuthLayoutProps) {
  return (
    <div className={styles.layout}>
      <title>{`${title} · ShareSpace`}</title>
      <div className={styles.panel}>
        <div className={styles.intro}>
          <BrandMark className={styles.mark} />
          <h1 className={styles.title}>{title}</h1>
          <p className={styles.subtitle}>{subtitle}</p>
        </div>
        <Card>{children}</Card>
        <p className={styles.footer}>{footer}</p>
      </div>
    </div>
  );
}
