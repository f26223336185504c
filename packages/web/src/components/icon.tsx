import type { ReactNode } from "react";

export interface IconProps {
  children: ReactNode;
  className?: string;
  /** The drawing's coordinate box (default 20 × 20). */
  viewBox?: string;
  strokeWidth?: number;
}

/** A stroked line icon; decorative, since a text label always sits next to it. */
export function Icon({ children, className, viewBox = "0 0 20 20", strokeWidth = 1.6 }: IconProps) {
  return (
    <svg
      className={className}
      viewBox={viewBox}
      fill="none"
      stroke="currentColor"
      strokeWidth={strokeWidth}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {children}
    </svg>
  );
}
