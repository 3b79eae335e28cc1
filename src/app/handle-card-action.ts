/**
 * A person acted on a card (a button or a form): route it to the use case and return what the card
 * should say. Channel-neutral: the Feishu adapter parses its callback into a CardAction; Telegram
 * will build the same from its callback data.
 */
import { z } from 'zod';
import type { DeviceAnswer } from '../domain/answers/daily-answer.js';
import { acknowledge } from './acknowledge.js';
import { answerAdvice } from './advice.js';
import type { EngineDeps } from './engine-deps.js';
import { confirmHazard, rectifyHazard, verifyHazard } from './hazard-actions.js';
import { refuse, type Outcome } from './outcome.js';
import type { Ids } from './ports.js';
import { submitDailyCheck } from './submit-daily-check.js';
import { completeResolution, submitMonthlyMinutes, submitWeeklyReport } from './submit-period-report.js';

export interface CardAction {
  a: string;
  k?: string | string[];
  h?: string;
  ok?: boolean;
  ans?: string;
  /** form values as the platform delivered them */
  form: Record<string, unknown>;
}

type Deps = Pick<EngineDeps, 'store' | 'clock' | 'defaults'> & { ids: Ids };

const str = (v: unknown): string => (typeof v === 'string' ? v : Array.isArray(v) ? String(v[0] ?? '') : v === undefined || v === null ? '' : String(v));
const key = (a: CardAction): string => (Array.isArray(a.k) ? (a.k[0] ?? '') : (a.k ?? ''));

export async function handleCardAction(deps: Deps, actorId: string, a: CardAction): Promise<Outcome<string>> {
  const f = a.form;
  switch (a.a) {
    case 'daily_zero':
      return line(await submitDailyCheck(deps, { actorId, answers: [{ taskKey: key(a), zeroRisk: true, items: [] }] }));
    case 'daily_submit':
      return line(await submitDailyCheck(deps, { actorId, answers: [dailyAnswerFromForm(key(a), f)] }));
    case 'weekly_submit':
      return submitWeeklyReport(deps, actorId, key(a), pick(f, ['lastWeekVerification', 'findings', 'evaluation', 'nextWeekFocus', 'decisionsNeeded']));
    case 'monthly_submit':
      return submitMonthlyMinutes(deps, actorId, key(a), monthlyFromForm(f));
    case 'hazard_confirm':
      return confirmHazard(deps, actorId, a.h ?? '', str(f.note));
    case 'hazard_rectify':
      return rectifyHazard(deps, actorId, a.h ?? '', str(f.rectification));
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

const line = <T extends { line: string }>(o: Outcome<T>): Outcome<string> => (o.ok ? { ok: true, value: o.value.line } : o);

function pick(f: Record<string, unknown>, names: string[]): Record<string, string> {
  return Object.fromEntries(names.map((n) => [n, str(f[n])]));
}

/** Items `i<seq>` with normal / abnormal / na; the 异常 fields of the form apply to every abnormal item. */
export function dailyAnswerFromForm(taskKey: string, f: Record<string, unknown>): DeviceAnswer {
  // An unrecognised value is left out, so that the item is reported as missing rather than
  // silently recorded as 正常.
  const items = Object.entries(f)
    .filter(([name, v]) => /^i\d+$/.test(name) && ['normal', 'abnormal', 'na'].includes(str(v)))
    .map(([name, v]) => ({ seq: Number(name.slice(1)), result: str(v) as 'normal' | 'abnormal' | 'na' }))
    .sort((x, y) => x.seq - y.seq);
  const level = z.enum(['general', 'serious', 'major']).safeParse(str(f.level));
  const stop = str(f.stop);
  return {
    taskKey,
    zeroRisk: false,
    items: items.map((it) =>
      it.result === 'abnormal'
        ? { ...it, description: str(f.desc) || undefined, level: level.success ? level.data : undefined, measures: str(f.measures) || undefined, stoppedUse: stop === 'yes' ? true : stop === 'no' ? false : undefined }
        : it,
    ),
  };
}

function monthlyFromForm(f: Record<string, unknown>): Record<string, unknown> {
  const resolutions = [1, 2, 3]
    .map((i) => ({ content: str(f[`r${i}_content`]).trim(), owner: str(f[`r${i}_owner`]).trim(), deadline: str(f[`r${i}_deadline`]).slice(0, 10) }))
    .filter((r) => r.content || r.owner || r.deadline);
  return { ...pick(f, ['meetingTime', 'location', 'attendees', 'mainProblems', 'rectificationStatus', 'unresolved', 'nextMonthFocus']), resolutions };
}
