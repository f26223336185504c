import { TransformComponent, TransformWrapper } from "react-zoom-pan-pinch";
import styles from "./viewer.module.css";

export interface ZoomProps {
  /** The original, full size. */
  src: string;
  /** Shown until the original has loaded. */
  preview: string | undefined;
  alt: string;
  onExit(): void;
}

/**
 * Zoom and pan over the original: wheel, pinch, drag, double-click. Its own chunk
 * (react-zoom-pan-pinch and the original's bytes load only when someone zooms).
 */
export default function Zoom({ src, preview, alt, onExit }: ZoomProps) {
  return (
    <div className={styles.zoom} data-zoomed>
      <TransformWrapper
        initialScale={2}
        minScale={1}
        maxScale={8}
        centerOnInit
        doubleClick={{ mode: "toggle" }}
        // Zoomed all the way out: back to the picture fitted to the screen.
        onZoomStop={(ref) => ref.state.scale <= 1.001 && onExit()}
        onPinchStop={(ref) => ref.state.scale <= 1.001 && onExit()}
      >
        <TransformComponent
          wrapperStyle={{ width: "100%", height: "100%" }}
          contentStyle={{ width: "100%", height: "100%", display: "grid", placeItems: "center" }}
        >
          <img
            className={styles.picture}
            src={src}
            alt={alt}
            draggable={false}
            style={{ backgroundImage: preview ? `url("${preview}")` : undefined }}
          />
        </TransformComponent>
      </TransformWrapper>
    </div>
  );
}
