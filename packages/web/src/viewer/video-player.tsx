import styles from "./viewer.module.css";

export interface VideoPlayerProps {
  src: string;
  poster: string | undefined;
  label: string;
}

/**
 * The browser's own player: seeking works through range requests on the presigned URL,
 * and its controls are keyboard and screen-reader ready. Its own chunk, so richer playback
 * can grow here without weighing on the gallery.
 */
export default function VideoPlayer({ src, poster, label }: VideoPlayerProps) {
  return (
    // biome-ignore lint/a11y/useMediaCaption: people's own videos come without captions.
    <video
      className={styles.video}
      src={src}
      poster={poster}
      controls
      playsInline
      preload="metadata"
      aria-label={label}
    />
  );
}
