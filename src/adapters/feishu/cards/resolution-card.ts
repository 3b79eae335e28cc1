/**
 * A monthly dispatch resolution (调度决议) given to its owner: what, by when, from which meeting,
 * and a 已完成 button with an optional note.
 */
import type { Payload } from '../../../domain/engine/payloads.js';
import { SUBMIT_NAMES, type CardActionValue } from './action-value.js';
import { button, clip, form, hr, input, md, mdText, oneLine, type CardParts } from './card-json.js';
import { formatWhen, isPast } from '../../../domain/format-when.js';
import type { RenderContext } from './render-context.js';

export type ResolutionPayload = Extract<Payload, { type: 'resolution_assigned' }>;

export function resolutionParts(p: ResolutionPayload, ctx: RenderContext): CardParts {
  const deadline = formatWhen(p.deadline, ctx);
  const value: CardActionValue = { a: 'resolution_done', k: p.taskKey };
  return {
    title: '调度决议 · 请按期完成',
    subtitle: `${p.unitName} · ${p.period} 月调度会 · ${deadline}前`,
    template: isPast(p.deadline, ctx) ? 'orange' : 'blue',
    summary: `调度决议：${oneLine(p.content, 30)}`,
    info: [md([`**决议**：${mdText(clip(p.content, `${p.period} 月调度会议纪要`))}`, `**责任人**：您　**完成时限**：${deadline}`, `**交办**：${mdText(p.from)}`].join('\n'))],
    actions: [
      hr(),
      form('resolution', [
        input('note', { label: '完成情况', placeholder: '选填', multiline: true, max: 500 }),
        button({ name: SUBMIT_NAMES.resolution_done, text: '已完成', type: 'primary', value, submit: true }),
      ]),
    ],
  };
}
