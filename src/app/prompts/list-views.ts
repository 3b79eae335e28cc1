/**
 * Reminders and escalations: what is late, in short lists.
 * - A reminder before a deadline lists what is still open. Daily, weekly and monthly work is done
 *   on the prompt it points to; a hazard reminder carries the action itself (the rectification or
 *   verification form of each hazard, and the command that does the same), since the hazard's own
 *   prompt may be days up the chat.
 * - 催办: who is late, on what, since when, grouped by person, with one 已知悉/督办 action that
 *   acknowledges every task listed. Items delivered after their period closed read 已缺失.
 */

import { KIND_LABELS } from '../../domain/engine/labels.js';
import type { ItemRef, Payload } from '../../domain/engine/payloads.js';
import type { PersonRef } from '../../domain/engine/snapshot.js';
import { formatWhen } from '../../domain/format-when.js';
import { hazardForm, hazardTag } from './hazard-view.js';
import type { Fact, FormView, Line, PromptContext, PromptView } from './prompt-view.js';
import { lines, muted, oneLine, strong, toned } from './text.js';

export type ReminderPayload = Extract<Payload, { type: 'reminder' }>;
export type EscalationPayload = Extract<Payload, { type: 'escalation' }>;

/** Reminder lines shown; the rest are counted. */
const MAX_LINES = 10;
/** Hazards whose form a reminder carries; the rest are answered by command or on their own prompts. */
const MAX_FORMS = 3;
/** Escalation items shown per person; the rest are counted (and still acknowledged). */
const MAX_LINES_PER_PERSON = 8;

/** “#12 隐患整改：…” / “1号客梯（SB-1）日管控检查”, one line. */
const itemText = (i: ItemRef): string =>
  oneLine(`${i.hazard ? `${hazardTag(i.hazard.no).trim()} ` : ''}${i.label}`, 40);

export function reminderView(p: ReminderPayload, ctx: PromptContext): PromptView {
  const kind = KIND_LABELS[p.kind];
  const due = formatWhen(p.dueAt, ctx);
  const more: Line[] = p.items.length > MAX_LINES ? [[muted(`…等共 ${p.items.length} 项`)]] : [];
  const forms = p.items
    .filter((i) => i.hazard)
    .slice(0, MAX_FORMS)
    .map((i, n) =>
      hazardForm(
        { hazardId: i.hazard!.id, no: i.hazard!.no, device: i.device ?? null, photoMissing: i.hazard!.photoMissing },
        i.hazard!.step,
        `h${n + 1}`,
        [strong(oneLine(`${hazardTag(i.hazard!.no).trim()} ${i.label}`, 40))],
      ),
    )
    .filter((f): f is FormView => f !== null);
  return {
    kind: p.type,
    title: `提醒 · ${kind} ${due} 截止`,
    subtitle: `${p.unitName} · ${p.period}`,
    tone: 'warning',
    summary: `提醒：${kind}还有 ${p.items.length} 项未完成，${due}截止`,
    facts: [
      lines(
        [`尚未完成（${p.items.length} 项）：`],
        ...p.items.slice(0, MAX_LINES).map((i): Line => [`· ${itemText(i)}`]),
        ...more,
      ),
    ],
    forms,
    actions: [],
  };
}

function personFact(person: PersonRef, items: readonly ItemRef[]): Fact {
  const shown = items
    .slice(0, MAX_LINES_PER_PERSON)
    .map(
      (i): Line => [
        `· ${oneLine(`${i.hazard?.no !== undefined ? `#${i.hazard.no} ` : ''}${i.label}`, 40)}`,
        ...(i.missed ? [toned('danger', '（已缺失）')] : []),
      ],
    );
  const more: Line[] = items.length > MAX_LINES_PER_PERSON ? [[muted(`…等共 ${items.length} 项`)]] : [];
  return lines([strong(oneLine(person.name, 20)), `（${items.length} 项）`], ...shown, ...more);
}

/** For overdue hazards: the commands that move one on (整改人 整改; 安全总监 核实, 转交, 延期). */
function hazardCommands(p: EscalationPayload): Fact[] {
  const first = p.groups.flatMap((g) => g.items).find((i) => i.hazard);
  if (!first?.hazard) return [];
  const n = first.hazard.no !== undefined ? String(first.hazard.no) : (first.device ?? '设备名称');
  return [lines([muted(`可回复命令：“整改 ${n} 整改情况”“核实 ${n} 通过”“转交 ${n} 姓名”“延期 ${n} 3天 原因”`)])];
}

export function escalationView(p: EscalationPayload, ctx: PromptContext): PromptView {
  const kind = KIND_LABELS[p.kind];
  const keys = [...new Set(p.groups.flatMap((g) => g.items.map((i) => i.taskKey)))];
  const count = p.groups.reduce((n, g) => n + g.items.length, 0);
  // Delivered after the period closed (held through quiet hours): the work can no longer be done.
  const missed = p.groups.reduce((n, g) => n + g.items.filter((i) => i.missed).length, 0);
  const allMissed = missed > 0 && missed === count;
  const intro =
    missed === 0
      ? `以下 ${count} 项已过截止时间，请督促完成：`
      : allMissed
        ? `以下 ${count} 项未在周期内完成，已记为缺失：`
        : `以下 ${count} 项已过截止时间（其中 ${missed} 项周期已结束，已记为缺失），请督促完成其余各项：`;
  const [first, ...rest] = keys;
  return {
    kind: p.type,
    title: `催办 · ${kind} ${p.period} ${allMissed ? '已缺失' : '已逾期'}`,
    subtitle: `${p.unitName} · 第${p.level}级催办 · 截止 ${formatWhen(p.dueAt, ctx)}`,
    tone: 'danger',
    summary: `催办：${kind} ${count} 项${allMissed ? '已缺失' : '已逾期'}`,
    facts: [
      lines([intro]),
      ...p.groups.map((g) => personFact(g.person, g.items)),
      ...(allMissed ? [] : hazardCommands(p)),
    ],
    forms: [],
    actions:
      first !== undefined
        ? [
            {
              label: allMissed ? '已知悉' : '已知悉，立即督办',
              style: 'primary',
              prominent: true,
              value: { a: 'ack', k: [first, ...rest] },
            },
          ]
        : [],
  };
}
