/**
 * Folds what keyboards and platforms add around a command into plain text: full-width forms,
 * stray control characters, odd spaces, a leading mention or slash, wrapping quotes.
 */

/** Longer messages are refused (the parser reads no further, so it stays cheap on any input). */
export const MAX_INPUT_CHARS = 2000;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const QUOTE_PAIRS: Record<string, string> = { '“': '”', '"': '"', "'": "'", '‘': '’', '「': '」', '『': '』' };

/**
 * NFKC (so “Ｈｅｌｐ”, “？”, “／”, full-width digits and the ideographic space become ASCII), line
 * breaks kept, other control and format characters dropped (except the emoji joiner), spaces
 * collapsed, blank lines removed.
 */
export function normalizeText(text: unknown): string {
  if (typeof text !== 'string') return '';
  const cut = (s: string) => (s.length > MAX_INPUT_CHARS ? s.slice(0, MAX_INPUT_CHARS) : s);
  // Cut before and after NFKC: a few compatibility characters expand to many.
  const folded = cut(cut(text).replace(LONE_SURROGATE, '').normalize('NFKC')).replace(LONE_SURROGATE, '');
  return folded
    .replace(/\r\n?|[\u0085\u2028\u2029]/g, '\n')
    .replace(/[^\P{Cc}\n]/gu, ' ')
    .replace(/[^\P{Cf}\u200D]/gu, '')
    .split('\n')
    .map((line) => line.replace(/[\s\p{Zs}]+/gu, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
}

/**
 * Drops what comes before the command word: leftover mentions (`@机器人名 `, Feishu's `@_user_1`),
 * a leading `/`, and an opening quote (people copy “帮助” from our own hints). Returns the text and
 * the closing quote to expect, if any.
 */
export function stripPreamble(text: string): { text: string; closingQuote?: string } {
  let t = text;
  // One pattern at a time, Feishu's placeholder first: in “@_user_1今日” it ends before 今日.
  const leftovers = [/^@_user_\d+\s*/, /^@\S*(\s+|$)/, /^\/+\s*/];
  for (let guard = 0; guard < 50; guard++) {
    const pattern = leftovers.find((p) => p.test(t));
    if (!pattern) break;
    t = t.replace(pattern, '');
  }
  const closingQuote = QUOTE_PAIRS[t.charAt(0)];
  if (closingQuote === undefined) return { text: t };
  t = t.slice(1).trimStart();
  return t.endsWith(closingQuote) ? { text: t.slice(0, -1).trimEnd() } : { text: t, closingQuote };
}

/** A line break inside a one-line argument (a device name) reads as a space. */
export const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * The end of `original` that reads as `normalized` once normalised: free text (a description, a
 * reason) is always the tail of a message, and is stored as typed, not in its normalised form.
 * Control characters are dropped and line breaks unified; when no tail matches (a closing quote
 * was stripped), the normalised text is returned.
 */
export function typedTail(original: string, normalized: string): string {
  if (normalized === '') return normalized;
  const cleaned = original
    .replace(LONE_SURROGATE, '')
    .replace(/\r\n?|[\u0085\u2028\u2029]/g, '\n')
    .replace(/[^\P{Cc}\n\t]/gu, '')
    .trimEnd();
  const chars = Array.from(cleaned);
  const normalizedTail = (i: number) => normalizeText(chars.slice(i).join(''));
  // A longer tail never normalises shorter, so the start is found by bisection (a 2,000-character
  // message costs a dozen normalisations, not two thousand).
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (normalizedTail(mid).length >= normalized.length) lo = mid;
    else hi = mid - 1;
  }
  return normalizedTail(lo) === normalized ? chars.slice(lo).join('').trim() : normalized;
}
