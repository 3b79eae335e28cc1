/**
 * Feishu cards (JSON 2.0): renderings of the neutral PromptView (app/prompts). The messenger sends
 * `renderCards(payload)`; the card-action handler parses `action.value` with
 * `cardActionValueSchema`, the form with field-names.ts + app/prompts/form-values.ts, and answers
 * with the updated card: `renderDailyCard` (answered devices read-only) or `renderDone` (the
 * read-only “submitted” state).
 */
import type { EscalationPayload } from '../../../app/prompts/list-views.js';
import type { PromptState } from '../../../app/prompts/prompt-view.js';
import { viewOf } from '../../../app/prompts/views.js';
import type { Payload } from '../../../domain/engine/payloads.js';
import { fitCard, fitsOneCard, packInOrder } from './card-budget.js';
import type { CardJson, Template } from './card-json.js';
import { renderDailyCard } from './daily-card.js';
import { splitDailyPayload } from './daily-split.js';
import { periodCards } from './period-split.js';
import type { CardPart, RenderContext } from './render-context.js';
import { cardOfState, cardOfView, toneOf } from './render-view.js';

export { type FormValue, monthlyMinutesInput, pickedDate } from '../../../app/prompts/form-values.js';
export type { DeviceStatus } from '../../../app/prompts/prompt-view.js';
export { type CardActionValue, cardActionValueSchema, dailyDeviceIndex, SUBMIT_NAMES } from './action-value.js';
export { fitCard } from './card-budget.js';
export type { CardJson } from './card-json.js';
export type { DailyCheckPayload, DailyView } from './daily-card.js';
export { combinedLine, renderDailyCard } from './daily-card.js';
export { findDailyPart, splitDailyPayload } from './daily-split.js';
export { dailyFields, hazardFields } from './field-names.js';
export type { CardPart, RenderContext } from './render-context.js';
export { cardOfView } from './render-view.js';

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
    return parts.map((part, i) =>
      renderDailyCard(part, ctx, {}, parts.length > 1 ? { index: i + 1, of: parts.length } : undefined),
    );
  }
  if (payload.type === 'escalation') return renderEscalationCards(payload, ctx);
  if (payload.type === 'weekly_review' || payload.type === 'monthly_dispatch')
    return periodCards(measured(payload, ctx), viewOf(payload, ctx));
  return [cardOfView(viewOf(payload, ctx))];
}

type PeriodPayload = Extract<Payload, { type: 'weekly_review' | 'monthly_dispatch' }>;

/**
 * The view a weekly/monthly prompt is split on (period-split.ts): the payload alone, at a fixed
 * instant, with the widest task key (the unit's people, for the monthly owner lists), so that a
 * redraw finds the same items on the same card.
 */
const measured = (p: PeriodPayload, ctx: RenderContext) =>
  viewOf(
    { ...p, taskKey: 'k'.repeat(200) },
    { timeZone: 'Asia/Shanghai', now: new Date(0), ...(ctx.people ? { people: ctx.people } : {}) },
  );

/** One part (`state.part`) of a weekly/monthly prompt in its state; done, every part says so. */
export function periodCard(p: PeriodPayload, ctx: RenderContext, state: PromptState): CardJson {
  const shown = viewOf(p, ctx, state);
  const part = state.part && state.part.of > 1 ? state.part : undefined;
  if (state.done) return fitCard(cardOfView(shown, part ? { part } : {}));
  const cards = periodCards(measured(p, ctx), shown);
  return fitCard(cards[Math.min(cards.length, part?.index ?? 1) - 1]!);
}

/**
 * An escalation as one card, or several when its list (and its task keys) would not fit in one:
 * each card lists and acknowledges its own tasks.
 */
function renderEscalationCards(p: EscalationPayload, ctx: RenderContext): CardJson[] {
  const entries = p.groups.flatMap((g) => g.items.map((item) => ({ person: g.person, item })));
  const regroup = (chunk: typeof entries): EscalationPayload => {
    const groups: EscalationPayload['groups'] = [];
    for (const e of chunk) {
      const last = groups[groups.length - 1];
      if (last && last.person.id === e.person.id) last.items.push(e.item);
      else groups.push({ person: e.person, items: [e.item] });
    }
    return { ...p, groups };
  };
  const card = (q: EscalationPayload, part?: CardPart): CardJson => cardOfView(viewOf(q, ctx), part ? { part } : {});
  const widest: CardPart = { index: 99, of: 99 };
  const chunks = packInOrder(entries, (chunk) => fitsOneCard(card(regroup(chunk), widest)));
  if (chunks.length <= 1) return [card(p)];
  return chunks.map((chunk, i) => card(regroup(chunk), { index: i + 1, of: chunks.length }));
}

/**
 * A sent card drawn again in its new state (the Channel's updatePrompt, the callback's answer):
 * `payload` is what the message holds (for a daily prompt sent in parts, its part), `state.part`
 * its numbering. Held to the byte budget like every card.
 */
export function renderPrompt(payload: Payload, ctx: RenderContext, state: PromptState = {}): CardJson {
  if (payload.type === 'weekly_review' || payload.type === 'monthly_dispatch') return periodCard(payload, ctx, state);
  return fitCard(cardOfState(payload, ctx, state));
}

/**
 * The read-only state after the card was acted on: the same header (in `tone`) and facts, the
 * forms and buttons replaced by `line` (e.g. “已提交 18:02 · 李总监”, “已知悉 · 王总”).
 */
export function renderDone(payload: Payload, ctx: RenderContext, line: string, tone: Template): CardJson {
  return fitCard(cardOfView(viewOf(payload, ctx, { done: { line, tone: toneOf(tone) } })));
}
