/**
 * A person acted on a card (a button or a form): route it to the use case and return what the card
 * should say. Channel-neutral: the Feishu adapter parses its callback into a CardAction; Telegram
 * will build the same from its callback data.
 */
import { acknowledge } from './acknowledge.js';
import { answerAdvice } from './advice.js';
import type { EngineDeps } from './engine-deps.js';
import { confirmHazard, rectifyHazard, verifyHazard } from './hazard-actions.js';
import { type Outcome, refuse } from './outcome.js';
import { assembledForm, dropPeriodParts, savePeriodPart } from './period-parts.js';
import type { AnswersStore, Ids, InboxStore, QueriesStore } from './ports.js';
import {
  dailyAnswerFromForm,
  fieldText,
  monthlyMinutesInput,
  periodItemsFromForm,
  pickedDate,
  weeklyReportInput,
} from './prompts/form-values.js';
import { submitDailyCheck } from './submit-daily-check.js';
import { completeResolution, submitMonthlyMinutes, submitWeeklyReport } from './submit-period-report.js';

export interface CardAction {
  a: string;
  k?: string | string[];
  h?: string;
  ok?: boolean;
  ans?: string;
  /** weekly/monthly submit: the person confirmed a contradiction question (确定提交) */
  cf?: boolean;
  /** the 清单 items on this card of a weekly/monthly form sent in parts (period-parts.ts) */
  i?: string[];
  /** form values as the platform delivered them */
  form: Record<string, unknown>;
}

type Deps = Pick<EngineDeps<AnswersStore & InboxStore & QueriesStore>, 'store' | 'clock' | 'defaults'> & {
  ids: Ids;
  /** photos are kept as evidence: 核实 then needs a required 整改后 photo (hazard-actions.ts) */
  evidence?: object | undefined;
};

const str = fieldText;
const key = (a: CardAction): string => (Array.isArray(a.k) ? (a.k[0] ?? '') : (a.k ?? ''));

export async function handleCardAction(deps: Deps, actorId: string, a: CardAction): Promise<Outcome<string>> {
  const f = a.form;
  switch (a.a) {
    case 'daily_zero':
      return line(await submitDailyCheck(deps, { actorId, answers: [{ taskKey: key(a), zeroRisk: true, items: [] }] }));
    case 'daily_zero_all': {
      // 全部正常 for every device still open on the card; one answered meanwhile is left as it is.
      const keys = Array.isArray(a.k) ? a.k : a.k ? [a.k] : [];
      return line(
        await submitDailyCheck(deps, {
          actorId,
          skipAnswered: true,
          answers: keys.map((taskKey) => ({ taskKey, zeroRisk: true, items: [] })),
        }),
      );
    }
    case 'daily_submit':
      return line(await submitDailyCheck(deps, { actorId, answers: [dailyAnswerFromForm(key(a), f)] }));
    case 'weekly_submit':
    case 'monthly_submit':
      return a.i ? submitParts(deps, actorId, a, a.i) : submitPeriod(deps, actorId, a, f);
    case 'period_part':
      return savePeriodPart(deps, actorId, key(a), a.i ?? [], f);
    case 'hazard_confirm':
      return confirmHazard(deps, actorId, a.h ?? '', str(f.note));
    case 'hazard_rectify':
      return rectifyHazard(deps, actorId, a.h ?? '', str(f.rectification), pickedDate(f.doneOn), str(f.funds));
    case 'hazard_verify':
      return verifyHazard(deps, actorId, a.h ?? '', a.ok !== false, str(f.comment));
    case 'ack':
      return acknowledge(deps, actorId, Array.isArray(a.k) ? a.k : a.k ? [a.k] : []);
    case 'advice_answer':
      return answerAdvice(deps, actorId, key(a), a.ans === 'rejected' ? 'rejected' : 'adopted', str(f.reason));
    case 'resolution_done':
      return completeResolution(deps, actorId, key(a), str(f.note));
    default:
      return refuse('invalid', '这张卡片的操作已不再支持，请在最新的卡片上操作');
  }
}

/** A weekly report or monthly minutes from one form holding all of it. */
function submitPeriod(
  deps: Deps,
  actorId: string,
  a: CardAction,
  f: Record<string, unknown>,
): Promise<Outcome<string>> {
  const opts = { confirmed: a.cf === true, items: periodItemsFromForm(f) };
  return a.a === 'weekly_submit'
    ? submitWeeklyReport(deps, actorId, key(a), weeklyReportInput(f), opts)
    : submitMonthlyMinutes(deps, actorId, key(a), monthlyMinutesInput(f), opts);
}

/** Submitted from the last card of a form sent in parts: the parts kept before are added (period-parts.ts). */
async function submitParts(deps: Deps, actorId: string, a: CardAction, ids: string[]): Promise<Outcome<string>> {
  const whole = await assembledForm(deps, actorId, key(a), ids, a.form);
  if (!whole.ok) return whole;
  const done = await submitPeriod(deps, actorId, a, whole.value.form);
  if (done.ok) await dropPeriodParts(deps, key(a), whole.value.categories);
  return done;
}

/** The neutral form readers, re-exported for the tests and callers that knew them here. */
export { dailyAnswerFromForm } from './prompts/form-values.js';

const line = <T extends { line: string }>(o: Outcome<T>): Outcome<string> =>
  o.ok
    ? { ok: true, value: o.value.line, ...(o.tone ? { tone: o.tone } : {}), ...(o.photos ? { photos: o.photos } : {}) }
    : o;
