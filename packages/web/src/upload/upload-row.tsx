import type { ReactNode } from "react";
import { Icon } from "../components/icon";
import { formatBytes } from "../lib/format";
import { useUploadList, useUploads } from "./context";
import { canCancel, canDismiss, canRetry, statusText, type UploadItem } from "./state";
import styles from "./upload-panel.module.css";

const glyphs: Record<string, ReactNode> = {
  photo: (
    <>
      <rect x="3" y="4" width="14" height="12" rx="2" />
      <path d="m3.5 13 3.8-3.6 3 2.8 2-1.8 4.2 3.6" />
      <circle cx="13" cy="7.8" r="1.2" />
    </>
  ),
  video: (
    <>
      <rect x="3" y="5" width="10.5" height="10" rx="2" />
      <path d="m13.5 9 3.5-2v6l-3.5-2" />
    </>
  ),
  done: <path d="m5.5 10.2 3 3 6-6.4" />,
  failed: <path d="M10 5.8v5M10 14v.1" />,
  duplicate: (
    <>
      <rect x="6.5" y="6.5" width="9" height="9" rx="1.6" />
      <path d="M4.5 12.5v-7a1 1 0 0 1 1-1h7" />
    </>
  ),
};

const tone: Partial<Record<UploadItem["phase"], string>> = {
  done: styles.done,
  failed: styles.failed,
  refused: styles.failed,
  duplicate: styles.duplicate,
  "needs-file": styles.paused,
};

/** One file: what it is, how far it got, and what can be done with it. */
export function UploadRow({ item, keepFocus }: { item: UploadItem; keepFocus: () => void }) {
  const { cancel, retry, dismiss, mediaHref, navigate } = useUploadList();
  const { pickFiles } = useUploads();
  const glyph =
    item.phase === "done"
      ? glyphs.done
      : item.phase === "failed" || item.phase === "refused"
        ? glyphs.failed
        : item.phase === "duplicate"
          ? glyphs.duplicate
          : glyphs[item.kind];
  const status = statusText(item);
  const showBar = ["checking", "uploading", "finishing", "waiting"].includes(item.phase);
  const percent = Math.floor(item.fraction * 100);
  const determinate = item.phase === "checking" || item.phase === "uploading";
  const existing = item.phase === "duplicate" && item.existingId ? mediaHref(item.existingId) : "";

  return (
    <li className={[styles.row, tone[item.phase]].filter(Boolean).join(" ")}>
      <span className={styles.glyph}>
        <Icon>{glyph}</Icon>
      </span>
      <div className={styles.body}>
        <p className={styles.name} title={item.name}>
          <span className={styles.filename}>{item.name}</span>
          <span className={styles.size}> · {formatBytes(item.size)}</span>
        </p>
        <p className={styles.status}>
          {existing ? (
            <a
              href={existing}
              onClick={(event) => {
                event.preventDefault();
                navigate(existing);
              }}
            >
              {status}
            </a>
          ) : (
            status
          )}
        </p>
        {showBar && (
          <progress
            // A waiting file's track stays still: a folder's hundreds of queued rows would
            // otherwise keep the page drawing frames for the whole upload.
            className={[styles.bar, item.phase === "waiting" && styles.still]
              .filter(Boolean)
              .join(" ")}
            max={100}
            value={determinate ? percent : undefined}
            aria-label={`${item.name}: ${item.phase === "checking" ? "checking" : "uploading"}`}
            aria-valuetext={determinate ? `${percent}%, ${status}` : status}
          />
        )}
      </div>
      <div className={styles.actions}>
        {item.phase === "needs-file" && (
          <button type="button" className={styles.action} onClick={pickFiles}>
            Choose file
          </button>
        )}
        {canRetry(item) && (
          <button
            type="button"
            className={styles.action}
            aria-label={`Retry ${item.name}`}
            onClick={() => retry(item.id)}
          >
            Retry
          </button>
        )}
        {canCancel(item) && (
          <button
            type="button"
            className={styles.icon}
            aria-label={`Cancel upload of ${item.name}`}
            onClick={() => {
              keepFocus();
              cancel(item.id);
            }}
          >
            <Icon>
              <path d="m6 6 8 8M14 6l-8 8" />
            </Icon>
          </button>
        )}
        {canDismiss(item) && (
          <button
            type="button"
            className={styles.icon}
            aria-label={`Remove ${item.name} from the list`}
            onClick={() => {
              keepFocus();
              dismiss(item.id);
            }}
          >
            <Icon>
              <path d="m6 6 8 8M14 6l-8 8" />
            </Icon>
          </button>
        )}
      </div>
    </li>
  );
}
