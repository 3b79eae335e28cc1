/** Text helpers every prompt builder uses: user text cut for a prompt, and the spans of a Line. */
import type { Line, Span, Tone } from './prompt-view.js';

/**
 * One line of user text: no line breaks, cut to `max` characters. Only a bounded head of the text
 * is looked at, so a 200 000-character description costs no more than a short one.
 */
export function oneLine(s: string, max = 40): string {
  const head = s.length > max * 8 ? s.slice(0, max * 8) : s;
  const chars = [...head.replace(/\s+/g, ' ').trim()];
  return chars.length > max || head.length < s.length ? `${chars.slice(0, max - 1).join('')}…` : chars.join('');
}

/** The most of one user-written field a prompt shows; the record keeps all of it. */
export const PROMPT_TEXT_MAX = 1000;

/**
 * User text for a prompt, at most `max` characters: a longer one is cut and says where the whole
 * text is (“…（全文见 隐患 12）”), so that no message is refused for its size.
 */
export function clip(s: string, fullAt: string, max = PROMPT_TEXT_MAX): string {
  if (s.length <= max) return s;
  const chars = [...s.slice(0, max * 2)];
  return chars.length > max || max * 2 < s.length ? `${chars.slice(0, max).join('')}…（全文见 ${fullAt}）` : s;
}

export const strong = (text: string): Span => ({ text, strong: true });
export const muted = (text: string): Span => ({ text, muted: true });
export const toned = (tone: Tone, text: string): Span => ({ text, tone });
/** “**问题**：漏油” */
export const pair = (label: string, value: string): Line => [strong(label), `：${value}`];
/** A paragraph fact. */
export const lines = (...ls: Line[]): { type: 'lines'; lines: Line[] } => ({ type: 'lines', lines: ls });
/** The plain text of a line (for a summary, a test, a log). */
export const plainOf = (l: Line): string => l.map((s) => (typeof s === 'string' ? s : s.text)).join('');
