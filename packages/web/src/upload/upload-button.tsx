import { Button, type ButtonProps } from "../components/button";
import { Icon } from "../components/icon";
import { useUploads } from "./context";
import styles from "./upload-button.module.css";

export interface UploadButtonProps extends Omit<ButtonProps, "onClick"> {
  /** Pick a folder (every photo and video inside) instead of files. */
  folder?: boolean;
}

/** Opens the file (or folder) picker; the uploads then show in the upload panel. */
export function UploadButton({
  folder = false,
  variant = "primary",
  children,
  ...rest
}: UploadButtonProps) {
  const { pickFiles, pickFolder } = useUploads();
  return (
    <Button variant={variant} {...rest} onClick={folder ? pickFolder : pickFiles}>
      <Icon className={styles.icon}>
        {folder ? (
          <path d="M3 6.5A1.5 1.5 0 0 1 4.5 5h3.2l1.6 1.8h6.2A1.5 1.5 0 0 1 17 8.3v6.2a1.5 1.5 0 0 1-1.5 1.5h-11A1.5 1.5 0 0 1 3 14.5z" />
        ) : (
          <path d="M10 13.5V4M6.2 7.6 10 3.8l3.8 3.8M4 12.5v2.7A1.3 1.3 0 0 0 5.3 16.5h9.4a1.3 1.3 0 0 0 1.3-1.3v-2.7" />
        )}
      </Icon>
      {children ?? (folder ? "Upload a folder" : "Upload")}
    </Button>
  );
}
