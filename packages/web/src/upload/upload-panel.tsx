import { useId, useRef, useState } from "react";
import { Icon } from "../components/icon";
import { useUploadList } from "./context";
import { headline, summaryLine } from "./state";
import styles from "./upload-panel.module.css";
import { UploadRow } from "./upload-row";

/**
 * The uploads, floating in a corner (a sheet along the bottom on phones): overall progress
 * with speed and time left, and a row per file. A region with a heading, so it can be found
 * from the landmarks list; it never takes the focus on its own.
 */
export function UploadPanel() {
  const { items, summary, dismissFinished } = useUploadList();
  const [expanded, setExpanded] = useState(true);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const id = useId();
  if (items.length === 0) return null;

  const title = headline(summary);
  const line = summaryLine(summary);
  const busy = summary.active > 0;
  const percent = Math.floor(summary.fraction * 100);
  // A row's button that removes its row would leave the focus nowhere: keep it in the panel.
  const keepFocus = () => headingRef.current?.focus({ preventScroll: true });

  return (
    <section className={styles.panel} aria-labelledby={`${id}-title`} data-upload-panel="">
      <header className={styles.header}>
        <div className={styles.heading}>
          <h2 id={`${id}-title`} ref={headingRef} tabIndex={-1} className={styles.title}>
            {title}
          </h2>
          {line && <p className={styles.line}>{line}</p>}
        </div>
        <div className={styles.tools}>
          <button
            type="button"
            className={styles.tool}
            aria-expanded={expanded}
            aria-controls={`${id}-list`}
            onClick={() => setExpanded((open) => !open)}
          >
            <Icon className={expanded ? undefined : styles.flipped}>
              <path d="m5.5 8 4.5 4.5L14.5 8" />
            </Icon>
            <span className="visually-hidden">{expanded ? "Hide the list" : "Show the list"}</span>
          </button>
          {!busy && (
            <button
              type="button"
              className={styles.tool}
              onClick={() => {
                dismissFinished();
              }}
            >
              <Icon>
                <path d="m6 6 8 8M14 6l-8 8" />
              </Icon>
              <span className="visually-hidden">Close the uploads</span>
            </button>
          )}
        </div>
      </header>
      {busy && (
        <progress
          className={styles.overall}
          max={100}
          value={percent}
          aria-label="All uploads"
          aria-valuetext={`${percent}%${line ? `, ${line}` : ""}`}
        />
      )}
      <ul id={`${id}-list`} className={styles.list} hidden={!expanded}>
        {items.map((item) => (
          <UploadRow key={item.id} item={item} keepFocus={keepFocus} />
        ))}
      </ul>
    </section>
  );
}
