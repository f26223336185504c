import { useEffect, useState } from "react";
import type { Score, Strength } from "../lib/strength";
import styles from "./password-strength.module.css";

type Estimate = typeof import("../lib/strength").estimate;

/** Waits this long after the last keystroke before judging (and announcing) the password. */
const SETTLE_MS = 350;

const labels: Record<Score, string> = {
  0: "Very weak",
  1: "Weak",
  2: "Fair",
  3: "Good",
  4: "Strong",
};

/** Loads the estimator once, on the first page that shows a meter; later ones reuse it. */
let loading: Promise<Estimate> | undefined;
export const loadEstimator = () => {
  loading ??= import("../lib/strength").then((module) => module.estimate);
  return loading;
};

export interface PasswordStrengthProps {
  /** The id the password field lists in its `aria-describedby`. */
  id: string;
  password: string;
  /** Words a guesser would try first: the person's name and email. */
  userInputs?: readonly string[];
}

/**
 * Strength feedback as the person types: four bars, a word and, when it helps, why and
 * what to do. Advice only: the rules that refuse a password are the schema's. The verdict
 * is a polite live region, updated once typing pauses, so it is heard without interrupting.
 */
export function PasswordStrength({ id, password, userInputs = [] }: PasswordStrengthProps) {
  const [estimate, setEstimate] = useState<Estimate>();
  const [strength, setStrength] = useState<Strength>();
  const inputs = userInputs.join("\n");

  useEffect(() => {
    let live = true;
    loadEstimator().then(
      (loaded) => live && setEstimate(() => loaded),
      // Without the estimator the form still works; the meter just stays empty.
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    if (!estimate || !password) {
      setStrength(undefined);
      return;
    }
    const timer = setTimeout(() => {
      setStrength(estimate(password, inputs ? inputs.split("\n") : []));
    }, SETTLE_MS);
    return () => clearTimeout(timer);
  }, [estimate, password, inputs]);

  const score = strength?.score;
  const advice = strength && score !== undefined && score < 3 ? adviceFor(strength) : undefined;
  return (
    <div className={styles.strength} data-score={score}>
      <div className={styles.bars} aria-hidden="true">
        {[1, 2, 3, 4].map((bar) => (
          <span
            key={bar}
            className={styles.bar}
            data-on={score !== undefined && Math.max(score, 1) >= bar ? "" : undefined}
          />
        ))}
      </div>
      <p id={id} className={styles.text} aria-live="polite">
        {strength && score !== undefined ? (
          <>
            <span className={styles.label}>Strength: {labels[score]}.</span>
            {advice && ` ${advice}`}
          </>
        ) : (
          <span className={styles.idle}>Longer is stronger: a few unrelated words work well.</span>
        )}
      </p>
    </div>
  );
}

/** The warning if there is one, else the first suggestion. */
function adviceFor({ warning, suggestions }: Strength): string | undefined {
  return warning || suggestions[0] || undefined;
}
