/**
 * Reads the bot's answer to `card.action.trigger` the way the Feishu client does: `{}` or nothing
 * changes nothing; `toast` shows a toast; `card: {type: "raw", data}` replaces the card (the card
 * is validated like a sent one). Anything else fails the action for the user.
 */
import { asObject } from './card-elements.js';
import { checkCard } from './card-validator.js';
import { FeishuApiError } from './feishu-error.js';
import type { CardJson, Toast } from './types.js';

export type AnswerVerdict = { ok: true; toast?: Toast; card?: CardJson } | { ok: false; detail: string };

const TOAST_TYPES = new Set(['info', 'success', 'error', 'warning']);

export function interpretCallbackAnswer(answer: unknown): AnswerVerdict {
  if (answer === undefined || answer === null) return { ok: true };
  const body = asObject(answer);
  if (!body)
    return { ok: false, detail: `the answer must be a JSON object, got ${JSON.stringify(answer).slice(0, 80)}` };
  if ('schema' in body || 'elements' in body) {
    return { ok: false, detail: 'a bare card is the legacy answer format; answer {card: {type: "raw", data: <card>}}' };
  }
  const toast = body['toast'] === undefined ? undefined : readToast(body['toast']);
  if (toast && 'error' in toast) return { ok: false, detail: toast.error };
  const card = body['card'] === undefined ? undefined : readCard(body['card']);
  if (card && 'error' in card) return { ok: false, detail: card.error };
  return { ok: true, ...(toast ? { toast: toast.toast } : {}), ...(card ? { card: card.card } : {}) };
}

function readToast(value: unknown): { toast: Toast } | { error: string } {
  const t = asObject(value);
  if (!t || !TOAST_TYPES.has(String(t['type']))) return { error: 'toast.type must be info, success, error or warning' };
  const i18n = asObject(t['i18n']);
  if (typeof t['content'] !== 'string' && !i18n) return { error: 'toast needs content (or i18n)' };
  const toast: Toast = {
    type: t['type'] as Toast['type'],
    content: typeof t['content'] === 'string' ? t['content'] : '',
  };
  if (i18n) toast.i18n = Object.fromEntries(Object.entries(i18n).map(([k, v]) => [k, String(v)]));
  return { toast };
}

function readCard(value: unknown): { card: CardJson } | { error: string } {
  const c = asObject(value);
  if (c?.['type'] !== 'raw')
    return { error: 'card must be {type: "raw", data: <card JSON 2.0>} (templates are not emulated)' };
  try {
    return { card: checkCard(c['data']) };
  } catch (e) {
    if (e instanceof FeishuApiError) return { error: `the answer's card is invalid: ${e.code} ${e.message}` };
    throw e;
  }
}
