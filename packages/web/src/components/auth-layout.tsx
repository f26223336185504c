import { type ReactNode, useEffect, useRef } from "react";
import styles from "./auth-layout.module.css";
import { BrandMark } from "./brand";
import { Card } from "./card";

export interface AuthLayoutProps {
  title: string;
  subtitle?: ReactNode;
  /** Under the card, e.g. "Already have an account? Sign in". */
  footer?: ReactNode;
  children: ReactNode;
}

/**
 * The centred frame of the account pages (sign-in, sign-up, password reset, verification).
 * When the title changes on the same page (a form became "Check your email"), focus moves
 * to it, so keyboard and screen reader users land on the news, not on a removed button.
 */
export function AuthLayout({ title, subtitle, footer, children }: AuthLayoutProps) {
  const titleRef = useRef<HTMLHeadingElement>(null);
  const shown = useRef(title);
  useEffect(() => {
    if (shown.current === title) return;
    shown.current = title;
    titleRef.current?.focus();
  }, [title]);

  return (
    <div className={styles.layout}>
      <title>{`${title} · ShareSpace`}</title>
      <div className={styles.panel}>
        <div className={styles.intro}>
          <BrandMark className={styles.mark} />
          <h1 ref={titleRef} tabIndex={-1} className={styles.title}>
            {title}
          </h1>
          {subtitle && <p className={styles.subtitle}>{subtitle}</p>}
        </div>
        <Card>{children}</Card>
        {footer && <p className={styles.footer}>{footer}</p>}
      </div>
    </div>
  );
}
