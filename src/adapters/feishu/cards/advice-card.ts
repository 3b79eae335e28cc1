/**
 * 两员意见建议: the principal answers an officer's or the director's advice (采纳 / 不采纳, with a
 * reason the handler requires for 不采纳), and the adviser learns the answer.
 */
import type { Payload } from '../../../domain/engine/payloads.js';
import { SUBMIT_NAMES, type CardActionValue } from './action-value.js';
import { button, clip, form, hr, input, md, mdText, oneLine, type CardParts } from './card-json.js';
import { formatWhen, isPast } from '../../../domain/format-when.js';
import type { RenderContext } from './render-context.js';

export type AdviceRequestPayload = Extract<Payload, { type: 'advice_request' }>;
export type AdviceAnsweredPayload = Extract<Payload, { type: 'advice_answered' }>;

/** A long advice or reason, cut on the card; the whole text is in the exported ledger. */
const text = (s: string): string => mdText(clip(s, '意见建议台账（发送“导出”）'));

export function adviceRequestParts(p: AdviceRequestPayload, ctx: RenderContext): CardParts {
  const due = formatWhen(p.dueAt, ctx);
  const answer = (ans: 'adopted' | 'rejected'): CardActionValue => ({ a: 'advice_answer', k: p.taskKey, ans });
  return {
    title: `意见建议 · 来自${p.from}`,
    subtitle: `${p.unitName} · ${due} 前答复`,
    template: isPast(p.dueAt, ctx) ? 'orange' : 'blue',
    summary: `意见建议待答复：${oneLine(p.content, 30)}`,
    info: [md(`**${mdText(p.from)}** 提出：\n${text(p.content)}`)],
    actions: [
      hr(),
      form('advice', [
        input('reason', { label: '答复理由', placeholder: '不采纳时必填', multiline: true, max: 500 }),
        button({ name: SUBMIT_NAMES.advice_adopted, text: '采纳', type: 'primary', value: answer('adopted'), submit: true }),
        button({ name: SUBMIT_NAMES.advice_rejected, text: '不采纳', type: 'default', value: answer('rejected'), submit: true }),
      ]),
    ],
  };
}

export function adviceAnsweredParts(p: AdviceAnsweredPayload): CardParts {
  const adopted = p.answer === 'adopted';
  const verdict = adopted ? '采纳' : '不采纳';
  return {
    title: `意见建议已答复 · ${verdict}`,
    subtitle: `${p.unitName} · ${p.by} 答复`,
    template: adopted ? 'green' : 'grey',
    summary: `意见建议答复：${verdict}`,
    info: [md([`**您的意见**：${text(p.content)}`, `**答复**：${verdict}`, ...(p.reason ? [`**理由**：${text(p.reason)}`] : [])].join('\n'))],
    actions: [],
  };
}
