import type { LinkInfo, UpdateLinkBody } from "@sharespace/core/schema";
import { lazy, Suspense, useState } from "react";
import { Button } from "../components/button";
import { Spinner } from "../components/spinner";
import { LinkForm } from "./link-form";
import { describeExpiry, describeViews, linkUrl, stateLabel } from "./policy";
import styles from "./share-dialog.module.css";

const QrPanel = lazy(() => import("./qr"));

export interface LinkRowProps {
  link: LinkInfo;
  /** The item's name, for the share sheet and the QR code's file name. */
  title: string;
  /** Just made: the QR code shows at once. */
  fresh?: boolean;
  onUpdate(body: UpdateLinkBody): Promise<void>;
  onRevoke(): Promise<void>;
}

/** Phones get the system share sheet; elsewhere copy and the QR code do the job. */
const canShareNatively = () =>
  typeof navigator.share === "function" && window.matchMedia?.("(pointer: coarse)").matches;

/** One link: its address, what it allows, and copy, QR, share, edit and revoke. */
export function LinkRow({ link, title, fresh = false, onUpdate, onRevoke }: LinkRowProps) {
  const [mode, setMode] = useState<"view" | "edit" | "revoke">("view");
  const [showQr, setShowQr] = useState(fresh);
  const [copied, setCopied] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();
  const url = linkUrl(link, window.location.origin);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      setFailure("Couldn't copy: select the address and copy it yourself.");
    }
  };

  const revoke = async () => {
    setBusy(true);
    setFailure(undefined);
    try {
      await onRevoke();
    } catch (error) {
      setFailure((error as Error).message);
      setBusy(false);
    }
  };

  const facts = [
    describeViews(link),
    describeExpiry(link.expiresAt, Date.now()),
    link.hasPassword && "Password",
    !link.allowDownload && "No download",
  ].filter(Boolean);

  return (
    <li className={styles.link}>
      <div className={styles.linkHead}>
        <span className={`${styles.badge} ${styles[link.state]}`}>{stateLabel[link.state]}</span>
        <input
          className={styles.url}
          readOnly
          value={url}
          aria-label="Link address"
          onFocus={(event) => event.currentTarget.select()}
        />
      </div>
      <p className={styles.facts}>{facts.join(" · ")}</p>
      {mode === "view" && (
        <div className={styles.linkActions}>
          <Button size="sm" variant="primary" onClick={() => void copy()}>
            {copied ? "Copied" : "Copy"}
          </Button>
          {canShareNatively() && (
            <Button
              size="sm"
              onClick={() => void navigator.share({ title, url }).catch(() => undefined)}
            >
              Share…
            </Button>
          )}
          <Button size="sm" aria-expanded={showQr} onClick={() => setShowQr((shown) => !shown)}>
            QR code
          </Button>
          <Button size="sm" onClick={() => setMode("edit")}>
            Edit
          </Button>
          <Button size="sm" variant="danger" onClick={() => setMode("revoke")}>
            Revoke
          </Button>
        </div>
      )}
      <span className="visually-hidden" aria-live="polite">
        {copied ? "Link copied" : ""}
      </span>
      {mode === "revoke" && (
        <div className={styles.confirm}>
          <p>Revoke this link? It stops working at once, for everyone who has it.</p>
          <div className={styles.linkActions}>
            <Button size="sm" onClick={() => setMode("view")} disabled={busy}>
              Keep it
            </Button>
            <Button size="sm" variant="danger-solid" busy={busy} onClick={() => void revoke()}>
              Revoke link
            </Button>
          </div>
        </div>
      )}
      {mode === "edit" && (
        <LinkForm
          title="Edit link"
          submitLabel="Save changes"
          link={link}
          onCancel={() => setMode("view")}
          onSubmit={async (body) => {
            await onUpdate(body);
            setMode("view");
          }}
        />
      )}
      {failure && <p className={styles.failure}>{failure}</p>}
      {showQr && mode === "view" && (
        <Suspense fallback={<Spinner size="sm" label="Making the QR code…" />}>
          <QrPanel url={url} name={link.slug ?? "sharespace-link"} />
        </Suspense>
      )}
    </li>
  );
}
