/**
 * A weekly or monthly form a channel sends in parts (Feishu: one card holds at most 200 elements,
 * so a unit with many categories gets its 清单 items on several cards, the report's own fields on
 * the last; adapters/feishu/cards/period-split.ts). Each part is answered on its own card and kept
 * here (保存本部分: checked like the submit checks the items, and kept until the report is
 * submitted); the last card's submit adds the kept parts to its own form, and the report is
 * recorded once, with every item, or refused while an item is still unanswered.
 *
 * Kept as the Conversation rows of the channel `form-part`, one per task and category (two cards
 * rarely share a category, so two parts saved at the same instant do not overwrite each other),
 * expiring with the task's period. “其余各项均正常” on a card answers that card's items only.
 */
import { checkPeriodItems, itemFieldId, itemName, type PeriodItemView } from '../domain/answers/period-items.js';
import { localDateOf } from '../domain/local-time.js';
import type { Category } from '../domain/model.js';
import type { EngineDeps } from './engine-deps.js';
import { hhmmIn } from './format.js';
import { type Outcome, refuse } from './outcome.js';
import { periodItems } from './period-items.js';
import type { AnswersStore, InboxStore, TaskContext } from './ports.js';
import { type FormValue, fieldText, ITEMS_REST, periodItemsFromForm } from './prompts/form-values.js';
import { gate } from './task-gate.js';

/** The Conversation channel the kept parts live under (never a chat platform's name). */
export const PART_CHANNEL = 'form-part';
const PART_KIND = 'period_part';
/** Kept this long after the task's period closes, at the least (a report can be submitted late until it closes). */
const KEEP_MS = 40 * 24 * 3600_000;

type Deps = Pick<EngineDeps<AnswersStore & InboxStore>, 'store' | 'clock'>;
type Fields = Record<string, string>;

const partKey = (taskKey: string, category: string): string => `${taskKey}|${category}`;

/** The task (weekly or monthly) the person may still answer, and the 清单 items it asks. */
async function openTask(
  deps: Deps,
  actorId: string,
  key: string,
): Promise<Outcome<{ ctx: TaskContext; items: PeriodItemView[] }>> {
  const [ctx] = await deps.store.loadTaskContexts([key]);
  const kind = ctx?.task.kind;
  if (!ctx || (kind !== 'weekly' && kind !== 'monthly'))
    return refuse('not_found', '找不到这项任务，请在最新的卡片上操作');
  const g = gate(ctx, actorId, deps.clock.now());
  if (!g.ok) return g;
  const categories = kind === 'weekly' ? ((ctx.task.detail?.categories as Category[] | undefined) ?? []) : [];
  const asked = await periodItems(deps.store, ctx.unit.id, kind, ctx.task.period, categories);
  return { ok: true, value: { ctx, items: asked.items } };
}

/**
 * One card's items as explicit answers: each item's choice (the card's “其余各项均正常” for the
 * ones without), its level and note; nothing of another card's items.
 */
function cardAnswers(ids: readonly string[], form: FormValue): Fields {
  const rest = fieldText(form[ITEMS_REST]).trim() === 'normal';
  const out: Fields = {};
  for (const id of ids) {
    const choice = fieldText(form[id]).trim();
    if (choice || rest) out[id] = choice || 'normal';
    for (const suffix of ['_level', '_note']) {
      const v = fieldText(form[`${id}${suffix}`]);
      if (v.trim()) out[`${id}${suffix}`] = v;
    }
  }
  return out;
}

/** The counts of a part's answers: “正常 5 项 · 异常 1 项”. */
function tally(fields: Fields, ids: readonly string[]): string {
  const n = { normal: 0, abnormal: 0, na: 0 };
  for (const id of ids) {
    const r = (fields[id] ?? '').split(':')[0] as keyof typeof n;
    if (r in n) n[r] += 1;
  }
  return [
    `正常 ${n.normal} 项`,
    ...(n.abnormal ? [`异常 ${n.abnormal} 项`] : []),
    ...(n.na ? [`不适用 ${n.na} 项`] : []),
  ].join(' · ');
}

/**
 * 保存本部分: the card's items checked (a choice for each, the level and what was found for 异常,
 * why for 不适用) and kept. Saving again replaces what the card saved before.
 */
export async function savePeriodPart(
  deps: Deps,
  actorId: string,
  key: string,
  ids: readonly string[],
  form: FormValue,
): Promise<Outcome<string>> {
  const o = await openTask(deps, actorId, key);
  if (!o.ok) return o;
  const { ctx, items } = o.value;
  const here = items.filter((it) => ids.includes(itemFieldId(it)));
  if (here.length === 0) return refuse('invalid', '这张卡片上没有本次要填写的清单项目，请在最新的卡片上操作');
  const answers = cardAnswers(
    here.map((it) => itemFieldId(it)),
    form,
  );
  const now = deps.clock.now();
  const checked = checkPeriodItems(here, periodItemsFromForm(answers), {
    maintenance: false,
    today: localDateOf(now, ctx.unit.timeZone),
  });
  if (!checked.ok) return refuse('invalid', checked.problems.join('\n'));
  const expiresAt = new Date(Math.max(now.getTime(), (ctx.task.closesAt ?? ctx.task.dueAt).getTime()) + KEEP_MS);
  const byCategory = new Map<string, string[]>();
  for (const it of here) byCategory.set(it.category, [...(byCategory.get(it.category) ?? []), itemFieldId(it)]);
  for (const [category, own] of byCategory) {
    const kept = await keptFields(deps.store, key, category, now);
    const mine = Object.fromEntries(Object.entries(answers).filter(([k]) => own.some((id) => fieldOf(k) === id)));
    // this card's items replace what it saved before; another card's items of the same category stay
    const others = Object.fromEntries(Object.entries(kept).filter(([k]) => !own.includes(fieldOf(k))));
    await deps.store.setConversation(PART_CHANNEL, partKey(key, category), {
      kind: PART_KIND,
      data: { fields: { ...others, ...mine } },
      expiresAt,
    });
  }
  const ids2 = here.map((it) => itemFieldId(it));
  return {
    ok: true,
    value: `已保存 ${hhmmIn(now, ctx.unit.timeZone)} · ${tally(answers, ids2)}：各部分保存后，请在最后一张卡片提交`,
  };
}

/** `q_boiler_14_note` → `q_boiler_14`. */
const fieldOf = (name: string): string => name.replace(/_(level|note)$/, '');

async function keptFields(store: InboxStore, key: string, category: string, now: Date): Promise<Fields> {
  const row = await store.getConversation(PART_CHANNEL, partKey(key, category), now);
  const fields = row?.kind === PART_KIND ? (row.data as { fields?: unknown }).fields : undefined;
  if (!fields || typeof fields !== 'object') return {};
  return Object.fromEntries(
    Object.entries(fields as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
}

/**
 * The whole form of a report submitted from its last card: the parts kept before, then this card's
 * own items (its “其余各项均正常” answering them only) and the report's fields. Refused, naming the
 * first items, while an item has no answer on any card.
 */
export async function assembledForm(
  deps: Deps,
  actorId: string,
  key: string,
  ids: readonly string[],
  form: FormValue,
): Promise<Outcome<{ form: FormValue; categories: string[] }>> {
  const o = await openTask(deps, actorId, key);
  if (!o.ok) return o;
  const now = deps.clock.now();
  const kept: Fields = {};
  for (const category of new Set(o.value.items.map((it) => it.category)))
    Object.assign(kept, await keptFields(deps.store, key, category, now));
  const own = Object.fromEntries(
    Object.entries(form).filter(([k]) => k !== ITEMS_REST && !/^q_[a-z_]+_\d{1,3}(_level|_note)?$/.test(k)),
  );
  const whole: FormValue = { ...kept, ...cardAnswers(ids, form), ...own };
  const missing = o.value.items.filter((it) => !fieldText(whole[itemFieldId(it)]).trim());
  if (missing.length > 0) {
    const named = missing.slice(0, 3).map(itemName).join('、');
    return refuse(
      'invalid',
      `还有 ${missing.length} 项清单项目没有填写：${named}${missing.length > 3 ? ' 等' : ''}。请先在前面的卡片上逐项选择并点“保存本部分”，再提交。`,
    );
  }
  return { ok: true, value: { form: whole, categories: [...new Set(o.value.items.map((it) => it.category))] } };
}

/** After the report is recorded: the kept parts are no longer needed. */
export async function dropPeriodParts(deps: Deps, key: string, categories: readonly string[]): Promise<void> {
  for (const category of categories) await deps.store.setConversation(PART_CHANNEL, partKey(key, category), null);
}
