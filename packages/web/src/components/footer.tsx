import { BrandMark } from "./brand";
import styles from "./footer.module.css";

export function Footer() {
  return (
    <footer className={styles.footer}>
      <div className={`container ${styles.inner}`}>
        <p className={styles.brand}>
          <BrandMark className={styles.mark} />
          ShareSpace
          <span className={styles.muted}>© {new Date().getFullYear()}</span>
        </p>
        <p>Open source under the MIT licence. Your photos stay yours.</p>
      </div>
    </footer>
  );
}
