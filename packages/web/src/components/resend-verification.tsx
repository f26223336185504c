import { useState } from "react";
import { isApiError } from "../api";
import { formatWait } from "../lib/format";
import { Button, type ButtonProps } from "./button";
import styles from "./resend-verification.module.css";

type Status = { kind: "idle" } | { kind: "sent" } | { kind: "failed"; message: string };

export interface ResendVerificationProps {
  /** `api.resendVerification`. */
  resend(): Promise<void>;
  variant?: ButtonProps["variant"];
  size?: ButtonProps["size"];
  block?: boolean;
}

/** Why a resend failed, in words for the person. */
function failureMessage(error: unknown): string {
  if (isApiError(error, "rate_limited")) {
    const wait = error.retryAfterSeconds;
    return wait === undefined
      ? "We sent one a moment ago. Wait a few minutes before asking again."
      : `We sent one a moment ago. You can ask again in ${formatWait(wait)}.`;
  }
  if (isApiError(error)) return error.message;
  return "Something went wrong. Try again.";
}

/**
 * "Resend email" for the verification email, with its result in a polite live region
 * that is always there (so the news is announced) and the button kept focusable.
 */
export function ResendVerification({ resend, variant, size, block }: ResendVerificationProps) {
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<Status>({ kind: "idle" });

  const onClick = async () => {
    setBusy(true);
    try {
      await resend();
      setStatus({ kind: "sent" });
    } catch (error) {
      setStatus({ kind: "failed", message: failureMessage(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button variant={variant} size={size} block={block} busy={busy} onClick={onClick}>
        Resend email
      </Button>
      <span
        role="status"
        className={[styles.status, status.kind === "failed" && styles.failed]
          .filter(Boolean)
          .join(" ")}
      >
        {status.kind === "sent" && "Sent. Check your inbox."}
        {status.kind === "failed" && status.message}
      </span>
    </>
  );
}
