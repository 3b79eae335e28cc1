/**
 * 催办 cards: who is late, on what, since when, grouped by person, with one 已知悉/督办 button that
 * acknowledges every task listed on the card. A long escalation (a director over many officers)
 * is packed into several cards, each acknowledging its own tasks.
 */
import type { ItemRef, Payload } from '../../../domain/engine/payloads.js';
import type { PersonRef } from '../../../domain/engine/snapshot.js';
import type { CardActionValue } from './action-value.js';
import { fitsOneCard, packInOrder } from './card-budget.js';
import { assembleCard, button, colored, hr, md, mdText, oneLine, type CardJson, type CardParts, type El } from './card-json.js';
import { formatWhen } from '../../../domain/format-when.js';
import { KIND_LABELS, partSuffix, type CardPart, type RenderContext } from './render-context.js';

export type EscalationPayload = Extract<Payload, { type: 'escalation' }>;

/** Items shown per person; the rest are counted (and still acknowledged by the button). */
const MAX_LINES_PER_PERSON = 8;

function personBlock(person: PersonRef, items: readonly ItemRef[]): El {
  const shown = items.slice(0, MAX_LINES_PER_PERSON).map((i) => `· ${mdText(oneLine(`${i.hazard?.no !== undefined ? `#${i.hazard.no} ` : ''}${i.label}`, 40))}${i.missed ? colored('red', '（已缺失）') : ''}`);
  const more = items.length > MAX_LINES_PER_PERSON ? [colored('grey', `…等共 ${items.length} 项`)] : [];
  return md([`**${mdText(oneLine(person.name, 20))}**（${items.length} 项）`, ...shown, ...more].join('\n'));
}

/** For overdue hazards: the commands that move one on (整改人 整改; 安全总监 核实, 转交, 延期). */
function hazardCommands(p: EscalationPayload): El[] {
  const first = p.groups.flatMap((g) => g.items).find((i) => i.hazard);
  if (!first?.hazard) return [];
  const n = first.hazard.no !== undefined ? String(first.hazard.no) : (first.device ?? '设备名称');
  return [md(colored('grey', mdText(`可回复命令：“整改 ${n} 整改情况”“核实 ${n} 通过”“转交 ${n} 姓名”“延期 ${n} 3天 原因”`)))];
}

export function escalationParts(p: EscalationPayload, ctx: RenderContext, part?: CardPart): CardParts {
  const kind = KIND_LABELS[p.kind];
  const keys = [...new Set(p.groups.flatMap((g) => g.items.map((i) => i.taskKey)))];
  const count = p.groups.reduce((n, g) => n + g.items.length, 0);
  const ack: CardActionValue = { a: 'ack', k: keys };
  // Delivered after the period closed (held through quiet hours): the work can no longer be done.
  const missed = p.groups.reduce((n, g) => n + g.items.filter((i) => i.missed).length, 0);
  const allMissed = missed > 0 && missed === count;
  const intro = missed === 0 ? `以下 ${count} 项已过截止时间，请督促完成：` : allMissed ? `以下 ${count} 项未在周期内完成，已记为缺失：` : `以下 ${count} 项已过截止时间（其中 ${missed} 项周期已结束，已记为缺失），请督促完成其余各项：`;
  return {
    title: `催办 · ${kind} ${p.period} ${allMissed ? '已缺失' : '已逾期'}${partSuffix(part)}`,
    subtitle: `${p.unitName} · 第${p.level}级催办 · 截止 ${formatWhen(p.dueAt, ctx)}`,
    template: 'red',
    summary: `催办：${kind} ${count} 项${allMissed ? '已缺失' : '已逾期'}`,
    info: [md(intro), ...p.groups.map((g) => personBlock(g.person, g.items)), ...(allMissed ? [] : hazardCommands(p))],
    actions: keys.length > 0 ? [hr(), button({ name: 'ack', text: allMissed ? '已知悉' : '已知悉，立即督办', type: 'primary_filled', value: ack })] : [],
  };
}

/** The escalation as one card, or several when its list (and its task keys) would not fit in one. */
export function renderEscalationCards(p: EscalationPayload, ctx: RenderContext): CardJson[] {
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
  const widest: CardPart = { index: 99, of: 99 };
  const chunks = packInOrder(entries, (chunk) => fitsOneCard(assembleCard(escalationParts(regroup(chunk), ctx, widest))));
  if (chunks.length <= 1) return [assembleCard(escalationParts(p, ctx))];
  return chunks.map((chunk, i) => assembleCard(escalationParts(regroup(chunk), ctx, { index: i + 1, of: chunks.length })));
}
