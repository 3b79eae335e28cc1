/**
 * Feishu cards (JSON 2.0) for the engine's neutral prompt model. The messenger sends
 * `renderCards(payload)`; the card-action handler parses `action.value` with
 * `cardActionValueSchema`, the form with form-values.ts, and answers with the updated card:
 * `renderDailyCard` (answered devices read-only) or `renderDone` (the read-only “submitted” state).
 */
import type { Payload } from '../../../domain/engine/payloads.js';
import { fitCard } from './card-budget.js';
import { assembleCard, colored, md, mdText, type CardJson, type CardParts } from './card-json.js';
import { adviceAnsweredParts, adviceRequestParts } from './advice-card.js';
import { dailyParts, renderDailyCard } from './daily-card.js';
import { splitDailyPayload } from './daily-split.js';
import { escalationParts, renderEscalationCards } from './escalation-card.js';
import { hazardParts } from './hazard-card.js';
import { monthlyParts } from './monthly-card.js';
import { reminderParts } from './reminder-card.js';
import { resolutionParts } from './resolution-card.js';
import type { RenderContext } from './render-context.js';
import { weeklyParts } from './weekly-card.js';

export type { CardJson } from './card-json.js';
export type { RenderContext, CardPart } from './render-context.js';
export type { DeviceStatus } from './daily-device.js';
export type { DailyCheckPayload, DailyView } from './daily-card.js';
export { renderDailyCard, combinedLine } from './daily-card.js';
export { splitDailyPayload, findDailyPart } from './daily-split.js';
export { fitCard } from './card-budget.js';
export { cardActionValueSchema, dailyDeviceIndex, SUBMIT_NAMES, type CardActionValue } from './action-value.js';
export { monthlyMinutesInput, pickedDate, type FormValue } from '../../../app/prompts/form-values.js';
export { dailyFields, hazardFields } from './field-names.js';

function noticeParts(p: Extract<Payload, { type: 'notice' }>): CardParts {
  return { title: `通知 · ${p.unitName}`, template: 'blue', summary: p.text.slice(0, 40), info: [md(mdText(p.text))], actions: [] };
}

/** The parts of the (first) card of a payload; daily and escalation cards are split in renderCards. */
function partsOf(p: Payload, ctx: RenderContext): CardParts {
  switch (p.type) {
    case 'daily_check':
      return dailyParts(p, ctx, {});
    case 'weekly_review':
      return weeklyParts(p, ctx);
    case 'monthly_dispatch':
      return monthlyParts(p, ctx);
    case 'reminder':
      return reminderParts(p, ctx);
    case 'escalation':
      return escalationParts(p, ctx);
    case 'hazard_notice':
      return hazardParts(p, ctx);
    case 'advice_request':
      return adviceRequestParts(p, ctx);
    case 'advice_answered':
      return adviceAnsweredParts(p);
    case 'resolution_assigned':
      return resolutionParts(p, ctx);
    case 'notice':
      return noticeParts(p);
  }
}

/**
 * One or more cards; several (numbered “（1/3）”) when one would exceed Feishu's 200 elements or
 * 30 KB request (card-budget.ts). Each card is also held to the byte budget on its own (fitCard),
 * so that no text, however long, gets a notification refused.
 */
export function renderCards(payload: Payload, ctx: RenderContext): CardJson[] {
  return cardsOf(payload, ctx).map(fitCard);
}

function cardsOf(payload: Payload, ctx: RenderContext): CardJson[] {
  if (payload.type === 'daily_check') {
    const parts = splitDailyPayload(payload);
    return parts.map((part, i) => renderDailyCard(part, ctx, {}, parts.length > 1 ? { index: i + 1, of: parts.length } : undefined));
  }
  if (payload.type === 'escalation') return renderEscalationCards(payload, ctx);
  return [assembleCard(partsOf(payload, ctx))];
}

/**
 * The read-only state after the card was acted on: the same header (in `tone`) and facts, the
 * forms and buttons replaced by `line` (e.g. “已提交 18:02 · 李总监”, “已知悉 · 王总”).
 */
export function renderDone(payload: Payload, ctx: RenderContext, line: string, tone: 'green' | 'orange' | 'grey' | 'red'): CardJson {
  // The done card has no form, so a missing weekly/monthly task key does not matter here.
  const parts = partsOf(payload, { taskKey: '-', ...ctx });
  const info = payload.type === 'daily_check' ? [md(payload.devices.map((d) => `· ${mdText(d.name)}`).join('\n'))] : parts.info.filter((el) => el.tag !== 'chart');
  return fitCard(assembleCard({ ...parts, template: tone, subtitle: line, summary: line, info, actions: [md(colored(tone, `**${mdText(line)}**`))] }));
}
