/**
 * The weekly review card (周排查) for the director: the week's numbers and open hazards, and the
 * form of 《每周安全排查治理报告》 (regulation.md §5.3). Evaluation and next week's focus are
 * required; the findings come pre-filled from the numbers, to be corrected.
 */
import type { Payload } from '../../../domain/engine/payloads.js';
import { CATEGORY_LABELS } from '../../../domain/model.js';
import { SUBMIT_NAMES, type CardActionValue } from './action-value.js';
import { button, form, hr, input, md, type CardParts } from './card-json.js';
import { formatWhen, isPast } from '../../../domain/format-when.js';
import { openHazards, refreshButton, statsBlock } from './period-numbers.js';
import { taskKeyOf, type RenderContext } from './render-context.js';

export type WeeklyReviewPayload = Extract<Payload, { type: 'weekly_review' }>;

/** A starting sentence for 本周发现的风险隐患及整改情况, from the week's numbers, saying which week and as of when. */
function findingsDraft(p: WeeklyReviewPayload, ctx: RenderContext): string {
  const s = p.stats;
  if (!s) return '';
  const h = s.hazards;
  const asOf = p.statsAsOf ? `（截至 ${formatWhen(p.statsAsOf, ctx)}）` : '';
  return `${p.period}${asOf}日管控应检 ${s.daily.due} 台次，已检 ${s.daily.done}，缺检 ${s.daily.missed}；新发现隐患 ${h.found} 项，已闭环 ${h.closed} 项，未闭环 ${h.open} 项。`;
}

export function weeklyParts(p: WeeklyReviewPayload, ctx: RenderContext): CardParts {
  const due = formatWhen(p.dueAt, ctx);
  const scope = p.categories.length > 0 ? p.categories.map((c) => CATEGORY_LABELS[c]).join('、') : '';
  const value: CardActionValue = { a: 'weekly_submit', k: taskKeyOf(p, ctx) };
  return {
    title: `周排查 · ${p.period} 排查治理报告`,
    subtitle: `${p.unitName}${scope ? ` · ${scope}` : ''} · ${due} 前提交`,
    template: isPast(p.dueAt, ctx) ? 'orange' : 'blue',
    summary: `周排查：请在${due}前提交每周安全排查治理报告`,
    info: [...statsBlock(p, ctx), openHazards(p.openHazards, ctx)],
    actions: [
      refreshButton(value.k),
      hr(),
      form('weekly', [
        input('lastWeekVerification', { label: '上周隐患整改核实情况', placeholder: '逐项核实是否整改到位', multiline: true }),
        input('findings', { label: '本周主要风险隐患及整改情况', placeholder: '发现了什么，怎么处理的', multiline: true, value: findingsDraft(p, ctx) }),
        input('evaluation', { label: '本周安全管理情况评价', placeholder: '必填', multiline: true, required: true }),
        input('nextWeekFocus', { label: '下周工作重点', placeholder: '必填', multiline: true, required: true }),
        input('decisionsNeeded', { label: '需提请主要负责人决策的事项', placeholder: '没有可不填', multiline: true }),
        button({ name: SUBMIT_NAMES.weekly_submit, text: '提交周报告', type: 'primary', value, submit: true }),
      ]),
    ],
  };
}
