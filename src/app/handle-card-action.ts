/**
 * A person acted on a card (a button or a form): route it to the use case and return what the card
 * should say. Channel-neutral: the Feishu adapter parses its callback into a CardAction; Telegram
 * will build the same from its callback data.
 */
import { z } from 'zod';
import { detailsOf, HAZARD_LEVELS, ITEM_RESULTS, type DetailField, type DeviceAnswer, type ItemAnswer, type ItemResult } from '../domain/answers/daily-answer.js';
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
    case 'daily_zero_all': {
      // 全部正常 for every device still open on the card; one answered meanwhile is left as it is.
      const keys = Array.isArray(a.k) ? a.k : a.k ? [a.k] : [];
      return line(await submitDailyCheck(deps, { actorId, skipAnswered: true, answers: keys.map((taskKey) => ({ taskKey, zeroRisk: true, items: [] })) }));
    }
    case 'daily_submit':
      return line(await submitDailyCheck(deps, { actorId, answers: [dailyAnswerFromForm(key(a), f)] }));
    case 'weekly_submit':
      return submitWeeklyReport(deps, actorId, key(a), pick(f, ['lastWeekVerification', 'findings', 'evaluation', 'nextWeekFocus', 'decisionsNeeded']));
    case 'monthly_submit':
      return submitMonthlyMinutes(deps, actorId, key(a), monthlyFromForm(f));
    case 'hazard_confirm':
      return confirmHazard(deps, actorId, a.h ?? '', str(f.note));
    case 'hazard_rectify':
      return rectifyHazard(deps, actorId, a.h ?? '', str(f.rectification), str(f.doneOn));
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

/**
 * One device's detailed form, in neutral field names (the adapter strips its prefixes):
 * `i<seq>` = normal | abnormal | na per item (an untouched select is absent: unanswered);
 * `rest` = normal: “其余未选的项均正常”; 异常 blocks, each the details of one item: `x<seq>_desc`,
 * `_level`, `_measures`, `_stop` for item <seq>, or `a<j>_item` naming the item with `a<j>_desc` etc. Cards sent
 * before blocks existed have one shared `desc`/`level`/`measures`/`stop`: they apply to each item
 * marked 异常. Details that name no item become `stray` and are refused by the domain; an
 * unrecognised value is dropped, so that the item reads as unanswered, never as 正常. Text is
 * passed on as typed.
 */
export function dailyAnswerFromForm(taskKey: string, f: Record<string, unknown>): DeviceAnswer {
  const results = new Map<number, ItemResult>();
  for (const [name, v] of Object.entries(f)) {
    const m = /^i(\d{1,3})$/.exec(name);
    const r = z.enum(ITEM_RESULTS).safeParse(str(v));
    if (m && r.success) results.set(Number(m[1]), r.data);
  }
  const details = new Map<number, Details>();
  const stray = new Set<DetailField>();
  const duplicates: number[] = [];
  const named = new Set<number>();
  const give = (seq: number, d: Details) => {
    named.add(seq);
    if (details.has(seq)) duplicates.push(seq);
    details.set(seq, d);
    // Naming an item in a 异常 block is choosing 异常 for it, unless the item's own select says otherwise.
    if (!results.has(seq)) results.set(seq, 'abnormal');
  };
  const prefixes = new Set(Object.keys(f).flatMap((name) => /^([ax]\d{1,3})_/.exec(name)?.[1] ?? []));
  for (const prefix of [...prefixes].sort()) {
    const d = detailsFrom(f, `${prefix}_`);
    if (prefix.startsWith('x')) {
      // a block of its own item (x<seq>_…): it counts when something is filled in
      if (detailsOf(d).length > 0) give(Number(prefix.slice(1)), d);
      continue;
    }
    const item = str(f[`${prefix}_item`]);
    const seq = Number(item);
    if (item === '' || !Number.isInteger(seq) || seq < 1) detailsOf(d).forEach((x) => stray.add(x));
    else give(seq, d);
  }
  const shared = detailsFrom(f, '');
  if (detailsOf(shared).length > 0) {
    const abnormal = [...results].filter(([seq, r]) => r === 'abnormal' && !details.has(seq));
    if (abnormal.length === 0 && details.size === 0) detailsOf(shared).forEach((x) => stray.add(x));
    for (const [seq] of abnormal) details.set(seq, shared);
  }
  const items: ItemAnswer[] = [...results].map(([seq, result]) => ({ seq, result, ...clean(details.get(seq)) }));
  for (const seq of duplicates) items.push({ seq, result: 'abnormal', ...clean(details.get(seq)) });
  items.sort((x, y) => x.seq - y.seq);
  return {
    taskKey,
    zeroRisk: false,
    items,
    ...(str(f.rest) === 'normal' ? { othersNormal: true } : {}),
    ...(stray.size > 0 ? { stray: [...stray] } : {}),
    ...(named.size > 0 ? { namedAbnormal: [...named] } : {}),
  };
}

type Details = Pick<ItemAnswer, 'description' | 'level' | 'measures' | 'stoppedUse'>;

function detailsFrom(f: Record<string, unknown>, prefix: string): Details {
  const level = z.enum(HAZARD_LEVELS).safeParse(str(f[`${prefix}level`]));
  const stop = str(f[`${prefix}stop`]);
  const text = (v: unknown): string | undefined => (str(v).trim() === '' ? undefined : str(v));
  return {
    description: text(f[`${prefix}desc`]),
    level: level.success ? level.data : undefined,
    measures: text(f[`${prefix}measures`]),
    stoppedUse: stop === 'yes' ? true : stop === 'no' ? false : undefined,
  };
}

const clean = (d: Details | undefined): Details => Object.fromEntries(Object.entries(d ?? {}).filter(([, v]) => v !== undefined));

function monthlyFromForm(f: Record<string, unknown>): Record<string, unknown> {
  const resolutions = [1, 2, 3]
    .map((i) => ({ content: str(f[`r${i}_content`]).trim(), owner: str(f[`r${i}_owner`]).trim(), deadline: str(f[`r${i}_deadline`]).slice(0, 10) }))
    .filter((r) => r.content || r.owner || r.deadline);
  return { ...pick(f, ['meetingTime', 'location', 'attendees', 'mainProblems', 'rectificationStatus', 'unresolved', 'nextMonthFocus']), resolutions };
}
