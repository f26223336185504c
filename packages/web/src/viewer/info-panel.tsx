import type { MediaInfo } from "@sharespace/core/schema";
import { Icon } from "../components/icon";
import { formatDuration, isVideo } from "../gallery/describe";
import { formatBytes } from "../lib/format";
import { EditForm, type EditFormProps } from "./edit-form";
import styles from "./info-panel.module.css";

export interface InfoPanelProps {
  item: MediaInfo;
  onClose(): void;
  onSave: EditFormProps["onSave"];
}

const kinds: Record<string, string> = {
  "image/jpeg": "JPEG image",
  "image/png": "PNG image",
  "image/webp": "WebP image",
  "image/gif": "GIF image",
  "image/avif": "AVIF image",
  "image/heic": "HEIC photo",
  "image/heif": "HEIF photo",
  "video/mp4": "MP4 video",
  "video/webm": "WebM video",
  "video/quicktime": "QuickTime video",
};

const dateTime = (iso: string) =>
  new Intl.DateTimeFormat(undefined, { dateStyle: "full", timeStyle: "short" }).format(
    new Date(iso),
  );

/** What the item is (date, size, dimensions, type), and its title, description and date to edit. */
export function InfoPanel({ item, onClose, onSave }: InfoPanelProps) {
  const megapixels =
    item.width && item.height && !isVideo(item) ? (item.width * item.height) / 1e6 : undefined;
  const facts: [string, string][] = [
    ["Taken", dateTime(item.takenAt)],
    ["File", item.filename],
    ["Type", kinds[item.contentType] ?? item.contentType],
    ["Size", formatBytes(item.size)],
  ];
  if (item.width && item.height) {
    facts.push([
      "Dimensions",
      `${item.width.toLocaleString()} × ${item.height.toLocaleString()}${megapixels ? ` · ${megapixels.toFixed(1)} MP` : ""}`,
    ]);
  }
  if (item.durationSeconds !== undefined)
    facts.push(["Duration", formatDuration(item.durationSeconds)]);
  facts.push(["Uploaded", dateTime(item.createdAt)]);
  if (item.status !== "ready") {
    facts.push([
      "Status",
      item.status === "failed" ? `Failed: ${item.failure ?? ""}` : "Processing",
    ]);
  }

  return (
    <section className={styles.panel} aria-labelledby="info-title">
      <div className={styles.head}>
        <h2 id="info-title" className={styles.heading}>
          Info
        </h2>
        <button type="button" className={styles.close} onClick={onClose}>
          <Icon>
            <path d="m5.5 5.5 9 9M14.5 5.5l-9 9" />
          </Icon>
          <span className="visually-hidden">Close info</span>
        </button>
      </div>
      <EditForm item={item} onSave={onSave} />
      <dl className={styles.facts}>
        {facts.map(([term, value]) => (
          <div key={term} className={styles.fact}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
