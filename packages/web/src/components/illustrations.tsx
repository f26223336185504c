import { Icon } from "./icon";

/** Line illustrations for empty states; they take the current text colour. */

export function PhotosArt() {
  return (
    <Icon viewBox="0 0 120 96" strokeWidth={2}>
      <rect
        x="34"
        y="10"
        width="56"
        height="48"
        rx="9"
        fill="currentColor"
        fillOpacity="0.08"
        transform="rotate(9 62 34)"
      />
      <rect x="22" y="22" width="60" height="52" rx="10" fill="var(--color-surface)" />
      <path d="m28 66 15-17 10 11 7-7 16 13" />
      <circle cx="62" cy="38" r="5" fill="currentColor" fillOpacity="0.18" />
      <circle cx="86" cy="70" r="13" fill="var(--color-surface)" />
      <path d="M86 64v12M80 70h12" />
    </Icon>
  );
}

export function SharedArt() {
  return (
    <Icon viewBox="0 0 120 96" strokeWidth={2}>
      <rect x="36" y="14" width="48" height="40" rx="9" fill="currentColor" fillOpacity="0.08" />
      <path d="m41 48 11-12 8 8 5-5 13 9" />
      <circle cx="70" cy="28" r="4" fill="currentColor" fillOpacity="0.18" />
      <circle cx="30" cy="70" r="9" fill="var(--color-surface)" />
      <path d="M17 90c2-7 7-10 13-10s11 3 13 10" />
      <circle cx="90" cy="70" r="9" fill="var(--color-surface)" />
      <path d="M77 90c2-7 7-10 13-10s11 3 13 10" />
      <path d="M44 66c8 5 24 5 32 0" strokeDasharray="3 5" />
      <path d="m72 62 4 4-5 3" />
    </Icon>
  );
}
