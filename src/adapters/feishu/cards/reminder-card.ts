/**
 * A reminder before a deadline: what is still open, in a short list. Daily, weekly and monthly
 * work is done on the prompt card it points to; a hazard reminder carries the action itself (the
 * rectification or verification form of each hazard, and the command that does the same), since
 * the hazard card may be days up the chat.
 */
import type { Payload } from '../../../domain/engine/payloads.js';
import { colored, hr, md, mdText, oneLine, type CardParts, type El } from './card-json.js';
import { formatWhen } from '../../../domain/format-when.js';
import { hazardActions, hazardTag } from './hazard-card.js';
import { KIND_LABELS, type RenderContext } from './render-context.js';

export type ReminderPayload = Extract<Payload, { type: 'reminder' }>;

/** Lines shown; the rest are counted. */
const MAX_LINES = 10;
/** Hazards whose form the reminder carries; the rest are answered by command or on their own cards. */
const MAX_FORMS = 3;

export function reminderParts(p: ReminderPayload, ctx: RenderContext): CardParts {
  const kind = KIND_LABELS[p.kind];
  const due = formatWhen(p.dueAt, ctx);
  const lines = p.items.slice(0, MAX_LINES).map((i) => `· ${mdText(oneLine(`${i.hazard ? `${hazardTag(i.hazard.no).trim()} ` : ''}${i.label}`, 40))}`);
  const more = p.items.length > MAX_LINES ? [colored('grey', `…等共 ${p.items.length} 项`)] : [];
  const actions: El[] = p.items
    .filter((i) => i.hazard)
    .slice(0, MAX_FORMS)
    .flatMap((i, n) => [hr(), md(`**${mdText(oneLine(`${hazardTag(i.hazard!.no).trim()} ${i.label}`, 40))}**`), ...hazardActions({ hazardId: i.hazard!.id, no: i.hazard!.no, device: i.device ?? null }, i.hazard!.step, `h${n + 1}_`)]);
  return {
    title: `提醒 · ${kind} ${due} 截止`,
    subtitle: `${p.unitName} · ${p.period}`,
    template: 'orange',
    summary: `提醒：${kind}还有 ${p.items.length} 项未完成，${due}截止`,
    info: [md([`尚未完成（${p.items.length} 项）：`, ...lines, ...more].join('\n'))],
    actions,
  };
}
