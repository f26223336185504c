import { Avatar } from "./avatar";
import styles from "./hero-visual.module.css";
import { Icon } from "./icon";

/** A glimpse of a shared album, drawn in CSS: no stock photos to download. */
export function HeroVisual() {
  return (
    <div className={styles.visual} aria-hidden="true">
      <div className={styles.window}>
        <div className={styles.bar}>
          <div className={styles.album}>
            <span className={styles.albumTitle}>Summer in Lisbon</span>
            <span className={styles.albumMeta}>24 photos · 3 videos</span>
          </div>
          <div className={styles.people}>
            <Avatar name="Maya Costa" size="sm" />
            <Avatar name="Jon Berg" size="sm" />
            <Avatar name="Ines Reis" size="sm" />
          </div>
        </div>
        <div className={styles.grid}>
          <div className={`${styles.tile} ${styles.tall} ${styles.t1}`} />
          <div className={`${styles.tile} ${styles.t2}`} />
          <div className={`${styles.tile} ${styles.t3}`} />
          <div className={`${styles.tile} ${styles.wide} ${styles.t5}`}>
            <span className={styles.play}>
              <Icon viewBox="0 0 10 10" strokeWidth={1.2}>
                <path d="M2 1.2v7.6L8.5 5z" fill="currentColor" />
              </Icon>
              0:42
            </span>
          </div>
          <div className={`${styles.tile} ${styles.t4}`} />
          <div className={`${styles.tile} ${styles.wide} ${styles.t2}`} />
        </div>
      </div>
      <div className={styles.chip}>
        <span className={styles.chipIcon}>
          <Icon strokeWidth={1.8}>
            <path d="M8.5 11.5a3.5 3.5 0 0 0 5 0l2.5-2.5a3.5 3.5 0 0 0-5-5l-1 1" />
            <path d="M11.5 8.5a3.5 3.5 0 0 0-5 0L4 11a3.5 3.5 0 0 0 5 5l1-1" />
          </Icon>
        </span>
        <span className={styles.chipText}>
          <strong>Link copied</strong>
          <small>Expires in 7 days · password on</small>
        </span>
      </div>
    </div>
  );
}
