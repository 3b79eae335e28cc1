import type { PhotoAsk } from './evidence/photo-flow.js';

/** What an action on a card or a command returns: done (with a summary), or refused with a reason people can act on. */
/**
 * `confirm`: nothing recorded yet — the free text contradicts the data (domain/answers/contradictions.ts);
 * the message is the question, and the same submission with confirmation goes through.
 */
export type Refusal = 'not_found' | 'forbidden' | 'already_done' | 'closed' | 'invalid' | 'conflict' | 'confirm';

/**
 * How a result should look to the person, as data (never read back from the Chinese text): success
 * (green: done as asked), warning (orange: done, but with 异常 / late / sent back / not adopted), danger
 * (red: refused, or a major hazard), info (blue: nothing recorded, a view changed), neutral (grey).
 * Channels map it to their colours (Feishu card templates and toasts, Telegram emoji).
 */
export type Tone = 'info' | 'success' | 'warning' | 'danger' | 'neutral';

/**
 * `tone` of a success: 'success' when absent; `photos`: the person is asked for photos as evidence next (app/evidence).
 */
export type Outcome<T> =
  | { ok: true; value: T; tone?: Tone; photos?: PhotoAsk }
  | { ok: false; reason: Refusal; message: string };

export const refuse = (reason: Refusal, message: string): { ok: false; reason: Refusal; message: string } => ({
  ok: false,
  reason,
  message,
});

/** The tone an outcome is shown in: its own on success; a refusal is info when already done, else danger. */
export const toneOf = (o: Outcome<unknown>): Tone =>
  o.ok ? (o.tone ?? 'success') : o.reason === 'already_done' ? 'info' : o.reason === 'confirm' ? 'warning' : 'danger';
