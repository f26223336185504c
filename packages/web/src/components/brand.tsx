import { useId } from "react";
import styles from "./brand.module.css";

/** The ShareSpace mark: two photos, one passed over the other. */
export function BrandMark({ className }: { className?: string }) {
  const gradient = useId();
  return (
    <svg
      className={[styles.mark, className].filter(Boolean).join(" ")}
      viewBox="0 0 32 32"
      aria-hidden="true"
      focusable="false"
    >
      <defs>
        <linearGradient id={gradient} x1="0" y1="0" x2="1" y2="1">
          <stop offset="0" stopColor="oklch(58% 0.2 268)" />
          <stop offset="1" stopColor="oklch(56% 0.22 300)" />
        </linearGradient>
      </defs>
      <rect width="32" height="32" rx="9" fill={`url(#${gradient})`} />
      <rect
        x="11"
        y="6"
        width="14.5"
        height="14.5"
        rx="3.5"
        fill="#fff"
        fillOpacity="0.4"
        transform="rotate(14 18.25 13.25)"
      />
      <rect x="6.5" y="10.5" width="15" height="15" rx="3.5" fill="#fff" />
      <path d="M8.9 23.1 12.7 18.4l2.6 3.1 1.7-1.9 2.6 3.5z" fill={`url(#${gradient})`} />
      <circle cx="17.3" cy="14.6" r="1.7" fill="oklch(78% 0.14 45)" />
    </svg>
  );
}

/**
 * Mark and wordmark; the wordmark is the accessible name. `collapsible`: on narrow screens
 * only the mark shows (the words stay for screen readers), to leave room beside it.
 */
export function Wordmark({ collapsible = false }: { collapsible?: boolean }) {
  return (
    <span className={[styles.brand, collapsible && styles.collapsible].filter(Boolean).join(" ")}>
      <BrandMark />
      <span className={styles.wordmark}>
        Share<span className={styles.space}>Space</span>
      </span>
    </span>
  );
}
