import QRCode from "qrcode";
import { useEffect, useMemo, useState } from "react";
import { buttonClass } from "../components/button";
import styles from "./share-dialog.module.css";

export interface QrPanelProps {
  url: string;
  /** The downloaded files' base name. */
  name: string;
}

/** The QR code's dark modules as one SVG path, one unit per module, inside a quiet zone. */
export function qrPath(url: string, margin = 2): { size: number; d: string } {
  const { modules } = QRCode.create(url, { errorCorrectionLevel: "M" });
  const parts: string[] = [];
  for (let y = 0; y < modules.size; y++) {
    for (let x = 0; x < modules.size; x++) {
      if (modules.get(x, y)) parts.push(`M${x + margin} ${y + margin}h1v1h-1z`);
    }
  }
  return { size: modules.size + 2 * margin, d: parts.join("") };
}

/**
 * A link's QR code, drawn as SVG elements (no inline markup or styles the page's policy
 * would refuse), with PNG and SVG files to download for print or a slide.
 */
export default function QrPanel({ url, name }: QrPanelProps) {
  const { size, d } = useMemo(() => qrPath(url), [url]);
  const [png, setPng] = useState<string>();
  const [svg, setSvg] = useState<string>();

  useEffect(() => {
    let live = true;
    let objectUrl: string | undefined;
    // Either file failing (no canvas) leaves its button out; the code on screen stays.
    QRCode.toDataURL(url, { errorCorrectionLevel: "M", margin: 2, width: 1024 }).then(
      (data) => live && setPng(data),
      () => undefined,
    );
    QRCode.toString(url, { type: "svg", errorCorrectionLevel: "M", margin: 2 }).then(
      (text) => {
        if (!live) return;
        objectUrl = URL.createObjectURL(new Blob([text], { type: "image/svg+xml" }));
        setSvg(objectUrl);
      },
      () => undefined,
    );
    return () => {
      live = false;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [url]);

  return (
    <div className={styles.qr}>
      <svg
        className={styles.qrCode}
        viewBox={`0 0 ${size} ${size}`}
        role="img"
        aria-label={`QR code for ${url}`}
        shapeRendering="crispEdges"
      >
        <rect width={size} height={size} fill="#fff" />
        <path d={d} fill="#000" />
      </svg>
      <div className={styles.qrActions}>
        {png && (
          <a className={buttonClass({ size: "sm" })} href={png} download={`${name}-qr.png`}>
            Download PNG
          </a>
        )}
        {svg && (
          <a className={buttonClass({ size: "sm" })} href={svg} download={`${name}-qr.svg`}>
            Download SVG
          </a>
        )}
      </div>
    </div>
  );
}
