/** What an action on a card or a command returns: done (with a summary), or refused with a reason people can act on. */
export type Refusal = 'not_found' | 'forbidden' | 'already_done' | 'closed' | 'invalid' | 'conflict';

export type Outcome<T> = { ok: true; value: T } | { ok: false; reason: Refusal; message: string };

export const refuse = (reason: Refusal, message: string): { ok: false; reason: Refusal; message: string } => ({ ok: false, reason, message });
