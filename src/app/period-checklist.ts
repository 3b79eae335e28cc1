/**
 * The 清单 part of a weekly report (周排查) or monthly minutes (月调度): the answers checked against
 * the items the task asks (period-items.ts), and each 异常 opened as a hazard through the daily
 * path (draftHazard: level, description, rectification task, director/principal told). Without a
 * device of its own, such a hazard is the unit's, rectified by the person who found it.
 */
import { type CheckedPeriodItem, checkPeriodItems, type PeriodItemsInput } from '../domain/answers/period-items.js';
import { localDateOf } from '../domain/local-time.js';
import { CATEGORY_LABELS, type Category } from '../domain/model.js';
import type { AnswerBundle } from './answer-bundle.js';
import { draftHazard } from './draft-hazard.js';
import type { EngineDeps } from './engine-deps.js';
import { type Outcome, refuse } from './outcome.js';
import { periodItems } from './period-items.js';
import type { AnswersStore, Ids, TaskContext } from './ports.js';
import { policyOf } from './run-tick.js';

/** What a hazard found on a weekly or monthly item says it came from (隐患来源). */
export const HAZARD_SOURCES = { weekly: '周排查', monthly: '月调度' } as const;

export interface PeriodChecklist {
  /** what goes into the record's payload */
  part: Record<string, unknown>;
  items: CheckedPeriodItem[];
}

/** The answers checked against the task's items; the problems as one refusal. */
export async function checkedChecklist(
  deps: Pick<EngineDeps<AnswersStore>, 'store' | 'clock'>,
  ctx: TaskContext,
  kind: 'weekly' | 'monthly',
  input: PeriodItemsInput,
): Promise<Outcome<PeriodChecklist>> {
  const categories = kind === 'weekly' ? ((ctx.task.detail?.categories as Category[] | undefined) ?? []) : [];
  const asked = await periodItems(deps.store, ctx.unit.id, kind, ctx.task.period, categories);
  const today = localDateOf(deps.clock.now(), ctx.unit.timeZone);
  const r = checkPeriodItems(asked.items, input, { maintenance: asked.maintenance, today });
  if (!r.ok) return refuse('invalid', r.problems.join('\n'));
  const part = {
    checklists: asked.checklists,
    items: r.items,
    ...(r.maintenance ? { maintenance: r.maintenance } : {}),
  };
  return { ok: true, value: { part, items: r.items } };
}

/** Each 异常 item opens a hazard (source 周排查 / 月调度); the item records the hazard's id. Returns the ids. */
export function draftItemHazards(
  deps: Pick<EngineDeps, 'defaults'> & { ids: Ids },
  b: AnswerBundle,
  ctx: TaskContext,
  kind: 'weekly' | 'monthly',
  checklist: PeriodChecklist,
  actorId: string,
): string[] {
  const policy = policyOf(deps, ctx.unit);
  const ids: string[] = [];
  for (const it of checklist.items) {
    if (it.result !== 'abnormal' || !it.level) continue;
    const description = `${HAZARD_SOURCES[kind]} · ${CATEGORY_LABELS[it.category]} · ${it.content}：${it.note ?? ''}`;
    const input = { level: it.level, description, measures: '', stoppedUse: false, reporterId: actorId, device: null };
    it.hazardId = draftHazard(b, ctx, policy, deps.ids, input);
    ids.push(it.hazardId);
  }
  if (ids.length) checklist.part['hazardIds'] = ids;
  return ids;
}
