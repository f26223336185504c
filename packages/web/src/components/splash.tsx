import { BrandMark } from "./brand";
import styles from "./splash.module.css";

/** While the session is restored on start; fades in only if that takes a moment. */
export function Splash() {
  return (
    <div className={styles.splash} role="status">
      <BrandMark className={styles.mark} />
      <span className="visually-hidden">Loading ShareSpace…</span>
    </div>
  );
}
