/**
 * The monthly dispatch card (月调度) for the principal: the month's numbers and open hazards, and
 * the form of 《每月安全调度会议纪要》 (regulation.md §5.4) with up to three resolutions, each with
 * an owner (a select over ctx.people: select_person cannot show our users' ids) and a deadline.
 * Every option's text is an element of the card (card-budget.ts), so a unit with too many people
 * for three owner lists gets a name field instead (the handler takes a name as well as an id).
 */
import type { Payload } from '../../../domain/engine/payloads.js';
import { SUBMIT_NAMES, type CardActionValue } from './action-value.js';
import { fitsOneCard } from './card-budget.js';
import { assembleCard, button, colored, datePicker, form, hr, input, md, select, type CardParts, type El } from './card-json.js';
import { formatWhen, isPast } from '../../../domain/format-when.js';
import { MAX_RESOLUTIONS } from '../../../app/prompts/form-values.js';
import { openHazards, refreshButton, statsBlock } from './period-numbers.js';
import { taskKeyOf, type RenderContext } from './render-context.js';

export type MonthlyDispatchPayload = Extract<Payload, { type: 'monthly_dispatch' }>;

function resolutionRow(i: number, people: readonly { id: string; name: string }[]): El[] {
  const owner = people.length > 0
    ? select(`r${i}_owner`, '责任人', people.map((x): [string, string] => [x.id, x.name]))
    : input(`r${i}_owner`, { placeholder: '责任人姓名', max: 50 });
  return [
    md(`**决议 ${i}**${i > 1 ? colored('grey', '（没有可不填）') : ''}`),
    input(`r${i}_content`, { placeholder: '决议事项', max: 500 }),
    owner,
    datePicker(`r${i}_deadline`, '完成时限'),
  ];
}

export function monthlyParts(p: MonthlyDispatchPayload, ctx: RenderContext): CardParts {
  const people = ctx.people ?? [];
  const withLists = partsWith(p, ctx, people);
  return people.length > 0 && !fitsOneCard(assembleCard(withLists)) ? partsWith(p, ctx, []) : withLists;
}

function partsWith(p: MonthlyDispatchPayload, ctx: RenderContext, people: readonly { id: string; name: string }[]): CardParts {
  const due = formatWhen(p.dueAt, ctx);
  const value: CardActionValue = { a: 'monthly_submit', k: taskKeyOf(p, ctx) };
  const rows = Array.from({ length: MAX_RESOLUTIONS }, (_, i) => resolutionRow(i + 1, people)).flat();
  return {
    title: `月调度 · ${p.period} 安全调度会议纪要`,
    subtitle: `${p.unitName} · ${due} 前提交`,
    template: isPast(p.dueAt, ctx) ? 'orange' : 'blue',
    summary: `月调度：请在${due}前召开调度会并提交会议纪要`,
    info: [...statsBlock(p, ctx), openHazards(p.openHazards, ctx)],
    actions: [
      refreshButton(value.k),
      hr(),
      form('monthly', [
        input('meetingTime', { label: '会议时间', placeholder: '例：12月28日 15:00', required: true, max: 100 }),
        input('location', { label: '会议地点', placeholder: '必填', required: true, max: 200 }),
        input('attendees', { label: '参会人员', placeholder: '必填，姓名用顿号分隔', required: true, max: 500 }),
        input('mainProblems', { label: '本月主要问题', placeholder: '巡查、检查发现的主要问题', multiline: true }),
        input('rectificationStatus', { label: '整改落实情况', placeholder: '整改方案落实情况', multiline: true }),
        input('unresolved', { label: '尚未解决的问题', placeholder: '没有可不填', multiline: true }),
        input('nextMonthFocus', { label: '下月工作重点', placeholder: '必填', multiline: true, required: true }),
        ...rows,
        button({ name: SUBMIT_NAMES.monthly_submit, text: '提交会议纪要', type: 'primary', value, submit: true }),
      ]),
    ],
  };
}
