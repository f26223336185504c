import { BrandMark } from "./brand";
import styles from "./footer.module.css";

/** `hidden`: laid out but not seen (its place is kept: see the root layout). */
export function Footer({ hidden = false }: { hidden?: boolean }) {
  return (
    <footer className={styles.footer} style={hidden ? { visibility: "hidden" } : undefined}>
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
