/**
 * A reminder before a deadline: what is still open, in a short list. It carries no button: the
 * work is done on the prompt card it points to.
 */
import type { Payload } from '../../../domain/engine/payloads.js';
import { colored, md, mdText, oneLine, type CardParts } from './card-json.js';
import { formatWhen } from './format-when.js';
import { KIND_LABELS, type RenderContext } from './render-context.js';

export type ReminderPayload = Extract<Payload, { type: 'reminder' }>;

/** Lines shown; the rest are counted. */
const MAX_LINES = 10;

export function reminderParts(p: ReminderPayload, ctx: RenderContext): CardParts {
  const kind = KIND_LABELS[p.kind];
  const due = formatWhen(p.dueAt, ctx);
  const lines = p.items.slice(0, MAX_LINES).map((i) => `· ${mdText(oneLine(i.label, 40))}`);
  const more = p.items.length > MAX_LINES ? [colored('grey', `…等共 ${p.items.length} 项`)] : [];
  return {
    title: `提醒 · ${kind} ${due} 截止`,
    subtitle: `${p.unitName} · ${p.period}`,
    template: 'orange',
    summary: `提醒：${kind}还有 ${p.items.length} 项未完成，${due}截止`,
    info: [md([`尚未完成（${p.items.length} 项）：`, ...lines, ...more].join('\n'))],
    actions: [],
  };
}
