import { useEffect, useRef, useState } from "react";
import { Icon } from "../components/icon";
import { takeDrop } from "./drop";
import styles from "./drop-overlay.module.css";

const carriesFiles = (event: DragEvent) =>
  Array.from(event.dataTransfer?.types ?? []).includes("Files");

/**
 * Files dragged over any part of the signed-in app: the whole window becomes the drop
 * target, and says so. Dropping a folder uploads the photos and videos inside it.
 */
export function DropOverlay({ onFiles }: { onFiles: (files: File[]) => void }) {
  const [shown, setShown] = useState(false);
  const latest = useRef(onFiles);
  latest.current = onFiles;

  useEffect(() => {
    // dragenter and dragleave fire for every element crossed: count them.
    let depth = 0;
    const onEnter = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      depth++;
      setShown(true);
    };
    const onOver = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      // Without this the browser would open the file instead of handing it over.
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = "copy";
    };
    const onLeave = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setShown(false);
    };
    const onDrop = (event: DragEvent) => {
      if (!carriesFiles(event) || !event.dataTransfer) return;
      event.preventDefault();
      depth = 0;
      setShown(false);
      const read = takeDrop(event.dataTransfer);
      void read().then((files) => latest.current(files));
    };
    window.addEventListener("dragenter", onEnter);
    window.addEventListener("dragover", onOver);
    window.addEventListener("dragleave", onLeave);
    window.addEventListener("drop", onDrop);
    return () => {
      window.removeEventListener("dragenter", onEnter);
      window.removeEventListener("dragover", onOver);
      window.removeEventListener("dragleave", onLeave);
      window.removeEventListener("drop", onDrop);
    };
  }, []);

  if (!shown) return null;
  return (
    <div className={styles.overlay} aria-hidden="true" data-testid="drop-overlay">
      <div className={styles.target}>
        <span className={styles.icon}>
          <Icon viewBox="0 0 24 24" strokeWidth={1.7}>
            <path d="M12 15V4M7.5 8.5 12 4l4.5 4.5" />
            <path d="M4 14v4.5A1.5 1.5 0 0 0 5.5 20h13a1.5 1.5 0 0 0 1.5-1.5V14" />
          </Icon>
        </span>
        <p className={styles.title}>Drop to upload</p>
        <p className={styles.hint}>Photos and videos, or whole folders</p>
      </div>
    </div>
  );
}
