/**
 * The one check every suppression reason goes through (SecurityBaseline.suppress and the CLI's
 * recorded suppressions): a reviewer must be able to read it as an explanation.
 */

/** Reasons shorter than this are not an explanation a reviewer can judge. */
export const MIN_REASON_CHARACTERS = 20;
/** Distinct real words a reason needs. */
export const MIN_REASON_WORDS = 4;

const LETTER = /[A-Za-z\u00C0-\u024F]/g;
const VOWEL = /[aeiouyàáâãäåæèéêëìíîïòóôõöøœùúûüýÿ]/i;

/** Whitespace-normalized reason text ("" for a non-string). */
export function normalizeReason(reason: unknown): string {
  return typeof reason === "string" ? reason.trim().replace(/\s+/g, " ") : "";
}

/**
 * A word a reviewer reads: mostly letters, at least two different ones, one a vowel. "xxxxx",
 * "qwrtz", "1234" and "--" are not words; "SLA", "dev" and "CI" (no vowel: not counted) show the
 * line is deliberately loose: it keeps keyboard noise out, not terse prose.
 */
export function isRealWord(token: string): boolean {
  const letters = (token.match(LETTER) ?? []).join("");
  if (letters.length < 2 || letters.length * 2 <= token.length) return false;
  if (!VOWEL.test(letters)) return false;
  return new Set(letters.toLowerCase()).size >= 2;
}

/** Why a reason is not acceptable, or undefined when it is. */
export function reasonProblem(reason: unknown): string | undefined {
  const text = normalizeReason(reason);
  if (text.length < MIN_REASON_CHARACTERS)
    return `it has ${text.length} characters; a reason needs at least ${MIN_REASON_CHARACTERS}`;
  const words = new Set(
    text
      .split(" ")
      .map((token) => token.replace(/^[^A-Za-z\u00C0-\u024F]+|[^A-Za-z\u00C0-\u024F]+$/g, ""))
      .filter(isRealWord)
      .map((word) => word.toLowerCase()),
  );
  if (words.size < MIN_REASON_WORDS)
    return `it has ${words.size} distinct real word(s); a reason needs at least ${MIN_REASON_WORDS} (letters, with a vowel)`;
  return undefined;
}
