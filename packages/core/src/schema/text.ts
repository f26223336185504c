import * as v from "valibot";

/**
 * Characters as people (and NIST SP 800-63B) count them: Unicode code points. A string's
 * `length` counts UTF-16 units, in which one emoji counts two.
 */
export function characterCount(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/** At least `min` characters (code points). */
export const minCharacters = (min: number, message: string) =>
  v.check<string, string>((text) => characterCount(text) >= min, message);

/** At most `max` characters (code points). */
export const maxCharacters = (max: number, message: string) =>
  v.check<string, string>((text) => characterCount(text) <= max, message);

/**
 * The same bounds for the OpenAPI document: JSON Schema's `minLength` and `maxLength`
 * count code points too, so the contract says exactly what the checks above enforce.
 */
export const lengthMetadata = (minLength: number, maxLength: number) =>
  v.metadata<string, { minLength: number; maxLength: number }>({ minLength, maxLength });

/**
 * No lone surrogate halves: they are not text, cannot be stored as UTF-8, and would all
 * hash to the same replacement character.
 */
export const wellFormed = (message: string) =>
  v.check<string, string>((text) => !/\p{Cs}/u.test(text), message);

/** C0 and C1 controls (tab, newline, escape, DEL…) and the Unicode line and paragraph separators. */
const controlCharacter = /[\p{Cc}\u2028\u2029]/u;

/**
 * Bidirectional formatting: the embeddings and overrides U+202A–U+202E, the isolates
 * U+2066–U+2069 and the marks U+200E, U+200F and U+061C. In a name they can make text
 * around it read backwards ("Eve\u202Egnp.exe").
 */
const bidiControl = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

/**
 * Anything that draws: not white space, not a format or default-ignorable character
 * (zero-width space and joiners, word joiner, BOM, soft hyphen, variation selectors,
 * Hangul fillers), and not the blank braille pattern U+2800.
 */
const visibleCharacter = /[^\p{White_Space}\p{Cf}\p{Default_Ignorable_Code_Point}\u2800]/u;

export const noControlCharacters = (message: string) =>
  v.check<string, string>((text) => !controlCharacter.test(text), message);

export const noBidiControls = (message: string) =>
  v.check<string, string>((text) => !bidiControl.test(text), message);

export const someVisibleCharacter = (message: string) =>
  // An empty text is "Enter your name.", not this as well.
  v.check<string, string>((text) => text === "" || visibleCharacter.test(text), message);

/** True when the whole text is one character repeated ("aaaaaaaa", "🙂🙂🙂🙂🙂🙂🙂🙂"). */
export const isOneCharacterRepeated = (text: string) => new Set(text).size === 1;
