/**
 * How a weekly or monthly prompt too big for one card is spread over several. A unit with four or
 * more categories asks more 清单 items than one card holds (Feishu's 200 elements and 30 KB of
 * request body, card-budget.ts): nine categories' weekly items are about 420 elements.
 *
 * Rule: the 清单 items go in order, a category's items together (a category too big for a card on
 * its own is split by item), as many as fit on a card measured as Feishu counts; the report's own
 * fields (维保监督, the texts, the resolutions) and its submit go on the last card. The numbers, the
 * open hazards and 刷新数据 stay on the first. Each card but the last is a form of its own with
 * “保存本部分” (period_part, app/period-parts.ts keeps its answers); the last card's submit carries its
 * own items (`i`), and the report is recorded once every part is answered. Each card has its own
 * “其余各项均正常”, answering that card's items only.
 *
 * The split depends on the payload alone (measured on the view as sent, at a fixed instant, with the
 * widest numbering), so a redraw — what was entered, a contradiction question, the done state —
 * draws the same items on the same card.
 */
import type { ActionView, FieldView, FormView, PromptView } from '../../../app/prompts/prompt-view.js';
import { CATEGORY_LABELS, type Category } from '../../../domain/model.js';
import { fitsOneCard, packInOrder } from './card-budget.js';
import type { CardJson } from './card-json.js';
import type { CardPart } from './render-context.js';
import { cardOfView } from './render-view.js';

const WIDEST: CardPart = { index: 99, of: 99 };

/** A run of fields that stays on one card: a category's items (or one item), or the report's own fields. */
interface Block {
  fields: FieldView[];
  /** the item (choice) field ids among them */
  items: string[];
}

/** `q_pressure_vessel_13` → pressure_vessel */
const categoryOf = (id: string): string => /^q_([a-z_]+)_\d{1,3}$/.exec(id)?.[1] ?? '';

function blocksOf(form: FormView): { items: Block[]; report: Block; rest?: FieldView } {
  const rest = form.fields.find((f) => f.restOf);
  const itemIds = new Set(form.fields.filter((f) => f.series).map((f) => f.id));
  const ofItem = (f: FieldView): string | undefined =>
    itemIds.has(f.id) ? f.id : f.showWhen && itemIds.has(f.showWhen.field) ? f.showWhen.field : undefined;
  const perItem = new Map<string, FieldView[]>();
  const report: FieldView[] = [];
  for (const f of form.fields) {
    if (f === rest) continue;
    const item = ofItem(f);
    if (item) perItem.set(item, [...(perItem.get(item) ?? []), f]);
    else report.push(f);
  }
  const byCategory = new Map<string, Block>();
  for (const [id, fields] of perItem) {
    const c = categoryOf(id);
    const b = byCategory.get(c) ?? { fields: [], items: [] };
    b.fields.push(...fields);
    b.items.push(id);
    byCategory.set(c, b);
  }
  return {
    items: [...byCategory.values()],
    report: { fields: report, items: [] },
    ...(rest ? { rest } : {}),
  };
}

/** One item's fields as a block of its own (a category too big for a card). */
function byItem(b: Block): Block[] {
  return b.items.map((id) => ({
    items: [id],
    fields: b.fields.filter((f) => f.id === id || f.showWhen?.field === id),
  }));
}

/** “电梯、锅炉” */
const categoryNames = (items: readonly string[]): string =>
  [...new Set(items.map(categoryOf))].map((c) => CATEGORY_LABELS[c as Category] ?? c).join('、');

interface Place {
  index: number;
  of: number;
  first: boolean;
  last: boolean;
}

/** The card of `chunk`: its fields, its own “其余各项均正常”, and 保存本部分 or (last) the report's submits with its items. */
function partView(v: PromptView, form: FormView, chunk: readonly Block[], rest: FieldView | undefined, at: Place) {
  const items = chunk.flatMap((b) => b.items);
  const fields = chunk.flatMap((b) => b.fields);
  const itemFields = fields.filter((f) => f.series || f.showWhen);
  const own = fields.filter((f) => !(f.series || f.showWhen));
  const k = (form.submits[0]?.value as { k?: string } | undefined)?.k ?? '';
  const save: ActionView = {
    label: `保存本部分（${at.index}/${at.of}）`,
    style: 'primary',
    value: { a: 'period_part', k, i: items },
    submits: true,
  };
  const submits: ActionView[] = at.last
    ? form.submits.map((s) => ({ ...s, value: { ...s.value, i: items } as ActionView['value'] }))
    : [save];
  const guide = at.last
    ? at.of > 1
      ? `前面 ${at.of - 1} 张卡片的清单项目保存后，在本卡片提交`
      : undefined
    : `本卡片是第 ${at.index}/${at.of} 部分（${categoryNames(items)}）：逐项选择后点“保存本部分”；全部保存后在第 ${at.of} 张卡片提交`;
  const partForm: FormView = {
    ...form,
    fields: [...itemFields, ...(rest && items.length > 0 ? [rest] : []), ...own],
    submits,
    ...(guide ? { hint: guide } : {}),
  };
  return {
    ...v,
    facts: at.first ? v.facts : [],
    actions: at.first ? v.actions : [],
    forms: [partForm],
  } satisfies PromptView;
}

/**
 * The chunks of blocks, one per card, measured on `clean` (the view as sent): null when the prompt
 * fits one card as it is.
 */
function chunksOf(clean: PromptView): Block[][] | null {
  // A redraw (a callback's answer) splits the same prompt again: the split is remembered by its view.
  const key = JSON.stringify(clean);
  const known = SPLITS.get(key);
  if (known !== undefined) return known;
  const chunks = measureChunks(clean);
  if (SPLITS.size >= 64) SPLITS.delete(SPLITS.keys().next().value!);
  SPLITS.set(key, chunks);
  return chunks;
}

const SPLITS = new Map<string, Block[][] | null>();

function measureChunks(clean: PromptView): Block[][] | null {
  const form = clean.forms[0];
  if (!form || clean.forms.length !== 1 || fitsOneCard(cardOfView(clean))) return null;
  const { items, report, rest } = blocksOf(form);
  if (items.length === 0) return null;
  const fits = (chunk: Block[]): boolean => {
    const last = chunk.includes(report);
    const at = { index: 1, of: 99, first: true, last };
    return fitsOneCard(cardOfView(partView(clean, form, chunk, rest, at), { part: WIDEST }));
  };
  const blocks = [...items.flatMap((b) => (fits([b]) ? [b] : byItem(b))), report];
  const chunks = packInOrder(blocks, fits);
  return chunks.length > 1 ? chunks : null;
}

/**
 * The prompt as cards: one when it fits, else its parts. `shown` is the view to draw, in its state
 * (what was entered, a question, done); the parts are those of `clean`, the view measured.
 */
export function periodCards(clean: PromptView, shown: PromptView): CardJson[] {
  const chunks = chunksOf(clean);
  if (!chunks) return [cardOfView(shown)];
  const of = chunks.length;
  const form = shown.forms[0];
  return chunks.map((chunk, i) => {
    const part = { index: i + 1, of };
    if (shown.done || !form) return cardOfView(shown, { part });
    // the same fields, as they are in the shown view (what was entered)
    const byId = new Map(form.fields.map((f) => [f.id, f]));
    const now = chunk.map((b) => ({ ...b, fields: b.fields.map((f) => byId.get(f.id) ?? f) }));
    const rest = form.fields.find((f) => f.restOf);
    const at = { ...part, first: i === 0, last: i === of - 1 };
    return cardOfView(partView(shown, form, now, rest, at), { part });
  });
}
