/**
 * Which 清单 items a weekly or monthly task asks: the weekly items of the categories in the
 * director's scope (all the unit has when the scope is empty), the monthly items of every category
 * the unit has, from the 清单 in force on the period's last day. The prompt (at delivery) and the
 * submission read them the same way, so what is checked is what was asked.
 */
import type { ChecklistRef, PeriodItemView } from '../domain/answers/period-items.js';
import type { PeriodItemsPart } from '../domain/engine/payloads.js';
import type { Category } from '../domain/model.js';
import { parsePeriodKey } from '../domain/periods.js';
import type { AnswersStore } from './ports.js';

export interface PeriodItems {
  items: PeriodItemView[];
  checklists: ChecklistRef[];
  /** 维保监督 is asked: a weekly report covering elevators */
  maintenance: boolean;
}

export async function periodItems(
  store: AnswersStore,
  unitId: string,
  kind: 'weekly' | 'monthly',
  period: string,
  categories: readonly Category[],
): Promise<PeriodItems> {
  const p = parsePeriodKey(period);
  if (!p) return { items: [], checklists: [], maintenance: false };
  const lists = await store.checklistsInForce(unitId, kind === 'weekly' ? categories : [], p.end);
  const items: PeriodItemView[] = [];
  const checklists: ChecklistRef[] = [];
  for (const c of lists) {
    const own = c.items.flatMap((it, i) =>
      it.frequency === kind
        ? [
            {
              category: c.category,
              seq: i + 1,
              version: c.version,
              group: it.group,
              content: it.content,
              standard: it.standard,
              required: it.required,
            },
          ]
        : [],
    );
    if (own.length === 0) continue;
    items.push(...own);
    checklists.push({ category: c.category, version: c.version, title: c.title });
  }
  return { items, checklists, maintenance: kind === 'weekly' && lists.some((c) => c.category === 'elevator') };
}

/** The payload part a prompt carries. */
export const itemsPart = (x: PeriodItems): Required<PeriodItemsPart> => ({
  checkItems: x.items,
  checklists: x.checklists,
  maintenance: x.maintenance,
});
