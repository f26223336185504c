/**
 * The password strength estimator: zxcvbn-ts with its common dictionaries (leaked
 * passwords, diceware words, keyboard layouts), English first names and English feedback.
 * Loaded only with `import()`, by the pages that ask for a new password: it is its own
 * chunk and never part of the entry.
 *
 * The large English word lists (common words, surnames, Wikipedia: about 600 KB gzipped)
 * are left out on purpose; they would triple the download for little gain, since the
 * leaked-password list already holds the words people actually use. The two English
 * modules are imported one by one because the package's index pulls in every list.
 */
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { adjacencyGraphs, dictionary as common } from "@zxcvbn-ts/language-common";
import firstnames from "@zxcvbn-ts/language-en/dist/firstnames.json.mjs";
import translations from "@zxcvbn-ts/language-en/dist/translations.mjs";

/** zxcvbn's score: 0 (guessed at once) to 4 (very hard to guess). */
export type Score = 0 | 1 | 2 | 3 | 4;

export interface Strength {
  score: Score;
  /** Why it is weak, e.g. "This is a top-10 common password." */
  warning: string | null;
  /** What would help, e.g. "Add more words that are less common." */
  suggestions: string[];
}

const zxcvbn = new ZxcvbnFactory({
  dictionary: { ...common, "firstnames-en": firstnames },
  graphs: adjacencyGraphs,
  translations,
  // Catches near misses of listed passwords ("passw0rdd").
  useLevenshteinDistance: true,
});

/** Estimates how hard `password` is to guess; `userInputs` (name, email) count as known words. */
export function estimate(password: string, userInputs: readonly string[] = []): Strength {
  const result = zxcvbn.check(password, [...userInputs]);
  return {
    score: result.score,
    warning: result.feedback.warning,
    suggestions: result.feedback.suggestions,
  };
}
