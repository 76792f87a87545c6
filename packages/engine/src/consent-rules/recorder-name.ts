import { z } from 'zod';

/** `rules/consent/recorder-name-words.json`: words that mark a display name as a bot's. */
export const RecorderNameWords = z.strictObject({
  $schema: z.string().optional(),
  about: z.string().min(10),
  words: z.array(z.string().regex(/^[a-z]+$/, 'a lower-case word')).min(1),
});
export type RecorderNameWords = z.infer<typeof RecorderNameWords>;

// A capitalised word: an upper-case letter then lower-case letters, allowing O'Neil and Smith-Jones.
const CAPITALISED = /^\p{Lu}\p{Ll}*(['’-]\p{Lu}?\p{Ll}+)*$/u;

/**
 * Whether a recorder display name reads like a person's name: two or three capitalised words,
 * none of them a word that marks a bot (the list lives in rules/consent).
 * @example readsLikePersonName('Ada Lovelace', ['bot']) // true
 * @example readsLikePersonName('Acme Notetaker', ['notetaker']) // false
 */
export function readsLikePersonName(name: string, botWords: readonly string[]): boolean {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length < 2 || words.length > 3) return false;
  if (!words.every((word) => word.length > 1 && CAPITALISED.test(word))) return false;
  const marks = new Set(botWords.map((w) => w.toLowerCase()));
  return !words.some((word) =>
    word
      .toLowerCase()
      .split(/['’-]/)
      .some((part) => marks.has(part)),
  );
}
