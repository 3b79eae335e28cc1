/**
 * Reading a submitted prompt's fields, in the neutral names every channel uses (the names of
 * PromptView's fields), into the domain's answer shapes. A channel maps its own field names to
 * these first (Feishu strips the `d<n>_` / `h<n>_` prefixes it needs for unique names in a card;
 * Telegram collects the answers of its guided dialog under the same names).
 * Missing fields stay missing: the domain checks (checkDeviceAnswer, the report schemas) word the
 * problem for the person.
 */
import { z } from 'zod';
import {
  type DetailField,
  type DeviceAnswer,
  detailsOf,
  HAZARD_LEVELS,
  ITEM_RESULTS,
  type ItemAnswer,
  type ItemResult,
} from '../../domain/answers/daily-answer.js';
import type { PeriodItemAnswer, PeriodItemsInput } from '../../domain/answers/period-items.js';

export type FormValue = Record<string, unknown>;

/** Resolution rows of the monthly form (`r1_…` to `r3_…`). */
export const MAX_RESOLUTIONS = 3;

/** The weekly form's fields (《每周安全排查治理报告》), in form order. */
export const WEEKLY_FIELDS = [
  'participants',
  'lastWeekVerification',
  'findings',
  'evaluation',
  'nextWeekFocus',
  'decisionsNeeded',
] as const;
/** The monthly form's fields (《每月安全调度会议纪要》) besides the resolution rows, in form order. */
export const MONTHLY_FIELDS = [
  'meetingTime',
  'location',
  'attendees',
  'mainProblems',
  'rectificationStatus',
  'unresolved',
  'nextMonthFocus',
  'recorder',
  'incidents',
  'adjustments',
] as const;

/** The weekly/monthly form's “其余未选的项均正常” (its 清单 items' `rest`). */
export const ITEMS_REST = 'q_rest';

/**
 * The 清单 items of a weekly or monthly form: `q_<category>_<seq>` = normal | abnormal | na (or
 * `abnormal:<level>` from a channel that offers the level in the same choice), `…_level`, `…_note`;
 * `q_rest` = normal; 维保监督 `mt_mode`, `mt_company`, `mt_date`, `mt_note`. An unrecognised choice is
 * dropped (the item reads as unanswered, never as 正常); text is passed on as typed.
 */
export function periodItemsFromForm(f: FormValue): PeriodItemsInput {
  const answers = new Map<string, PeriodItemAnswer>();
  const at = (category: string, seq: number): PeriodItemAnswer => {
    const k = `${category}_${seq}`;
    if (!answers.has(k)) answers.set(k, { category, seq });
    return answers.get(k)!;
  };
  for (const [name, v] of Object.entries(f)) {
    const m = /^q_([a-z_]+)_(\d{1,3})(?:_(level|note))?$/.exec(name);
    if (!m) continue;
    const a = at(m[1]!, Number(m[2]));
    const value = fieldText(v);
    if (m[3] === 'note') {
      if (value.trim() !== '') a.note = value;
    } else if (m[3] === 'level') {
      const l = z.enum(HAZARD_LEVELS).safeParse(value);
      if (l.success) a.level = l.data;
    } else {
      const [result, level] = value.split(':');
      const r = z.enum(ITEM_RESULTS).safeParse(result);
      if (r.success) a.result = r.data;
      const l = z.enum(HAZARD_LEVELS).safeParse(level);
      if (r.data === 'abnormal' && l.success && !a.level) a.level = l.data;
    }
  }
  const maintenance = {
    mode: text(f.mt_mode),
    company: fieldText(f.mt_company),
    date: pickedDate(f.mt_date),
    note: fieldText(f.mt_note),
  };
  return {
    // details without a choice stay (result absent): the check asks for the choice, never reads them as 正常
    answers: [...answers.values()],
    ...(text(f[ITEMS_REST]) === 'normal' ? { othersNormal: true } : {}),
    ...(Object.values(maintenance).some((x) => x.trim() !== '') ? { maintenance } : {}),
  };
}

/** A field's value as text: a string as it is, a multi-select joined, anything else empty. */
export const fieldText = (v: unknown): string =>
  typeof v === 'string'
    ? v
    : Array.isArray(v)
      ? v.map(String).join('、')
      : typeof v === 'number' || typeof v === 'boolean'
        ? String(v)
        : '';
const text = (v: unknown): string => fieldText(v).trim();

/** A date as a channel delivers it (`2026-12-31 +0800` from a Feishu date picker, `2026-12-31`) → `2026-12-31`. */
export function pickedDate(v: unknown): string {
  const s = text(v);
  return /^\d{4}-\d{2}-\d{2}/.test(s) ? s.slice(0, 10) : s;
}

/** The weekly form as the input of `weeklyReportSchema`. */
export function weeklyReportInput(f: FormValue): Record<string, string> {
  return Object.fromEntries(WEEKLY_FIELDS.map((n) => [n, fieldText(f[n])]));
}

/**
 * The monthly form as the input of `monthlyMinutesSchema`; a resolution row counts when any of its fields is filled.
 */
export function monthlyMinutesInput(f: FormValue): Record<string, unknown> {
  const out: Record<string, unknown> = Object.fromEntries(MONTHLY_FIELDS.map((n) => [n, text(f[n])]));
  const resolutions = [];
  for (let i = 1; i <= MAX_RESOLUTIONS; i++) {
    const row = {
      content: text(f[`r${i}_content`]),
      owner: text(f[`r${i}_owner`]),
      deadline: pickedDate(f[`r${i}_deadline`]),
    };
    if (row.content || row.owner || row.deadline) resolutions.push(row);
  }
  out['resolutions'] = resolutions;
  return out;
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
    const r = z.enum(ITEM_RESULTS).safeParse(fieldText(v));
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
    const item = fieldText(f[`${prefix}_item`]);
    const seq = Number(item);
    if (item === '' || !Number.isInteger(seq) || seq < 1) for (const x of detailsOf(d)) stray.add(x);
    else give(seq, d);
  }
  const shared = detailsFrom(f, '');
  if (detailsOf(shared).length > 0) {
    const abnormal = [...results].filter(([seq, r]) => r === 'abnormal' && !details.has(seq));
    if (abnormal.length === 0 && details.size === 0) for (const x of detailsOf(shared)) stray.add(x);
    for (const [seq] of abnormal) details.set(seq, shared);
  }
  const items: ItemAnswer[] = [...results].map(([seq, result]) => ({ seq, result, ...clean(details.get(seq)) }));
  for (const seq of duplicates) items.push({ seq, result: 'abnormal', ...clean(details.get(seq)) });
  items.sort((x, y) => x.seq - y.seq);
  return {
    taskKey,
    zeroRisk: false,
    items,
    ...(fieldText(f.rest) === 'normal' ? { othersNormal: true } : {}),
    ...(stray.size > 0 ? { stray: [...stray] } : {}),
    ...(named.size > 0 ? { namedAbnormal: [...named] } : {}),
  };
}

type Details = Pick<ItemAnswer, 'description' | 'level' | 'measures' | 'stoppedUse'>;

function detailsFrom(f: Record<string, unknown>, prefix: string): Details {
  const level = z.enum(HAZARD_LEVELS).safeParse(fieldText(f[`${prefix}level`]));
  const stop = fieldText(f[`${prefix}stop`]);
  const text = (v: unknown): string | undefined => (fieldText(v).trim() === '' ? undefined : fieldText(v));
  return {
    description: text(f[`${prefix}desc`]),
    level: level.success ? level.data : undefined,
    measures: text(f[`${prefix}measures`]),
    stoppedUse: stop === 'yes' ? true : stop === 'no' ? false : undefined,
  };
}

const clean = (d: Details | undefined): Details =>
  Object.fromEntries(Object.entries(d ?? {}).filter(([, v]) => v !== undefined));
