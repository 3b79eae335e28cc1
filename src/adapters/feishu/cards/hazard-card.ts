/**
 * A hazard reaching the person who must act on it (platforms.md A4/A5): the director confirms a
 * serious/major one with a 研判意见, the assignee writes the rectification (what was done, when),
 * the director verifies (通过 or 退回 with a comment); `inform` only tells. The header names the
 * hazard by its 隐患号 and shows its state: red for serious and major, orange for general, green
 * only once verified. Every card that asks for an action also says the command that does the same.
 */
import { HAZARD_LEVEL_LABELS } from '../../../domain/answers/daily-answer.js';
import { HAZARD_STATE_LABELS, HAZARD_TEXT_MAX } from '../../../domain/answers/hazard-rules.js';
import type { HazardNotice } from '../../../domain/engine/payloads.js';
import { SUBMIT_NAMES, type CardActionValue } from './action-value.js';
import { button, clip, colored, datePicker, form, hr, input, md, mdText, oneLine, type CardParts, type El } from './card-json.js';
import { formatWhen } from '../../../domain/format-when.js';
import { levelColor, type RenderContext } from './render-context.js';

const ASKS: Record<HazardNotice['action'], string> = {
  confirm: '请立即组织分析研判，填写研判意见',
  rectify: '请按期整改，完成后填写整改情况',
  verify: '整改已完成，请现场核实',
  inform: '请知悉',
};

/** Where the whole text of a long field is: the hazard's number once it has one, else the ledger. */
function fullAt(p: HazardNotice): string {
  return p.hazardNo !== undefined ? `隐患 ${p.hazardNo}` : '隐患台账';
}

type HazardState = NonNullable<HazardNotice['state']>;

/** “#12”, or nothing for a hazard without a number. */
export const hazardTag = (no: number | undefined): string => (no !== undefined ? ` #${no}` : '');

/** What to type for a hazard: its number, or (without one) the device. */
const typed = (no: number | undefined, device: string | null): string => (no !== undefined ? String(no) : (device ?? '设备名称'));

/** The header colour of a hazard in a state: green only when verified, never while it is still open. */
export function stateTemplate(level: HazardNotice['level'], state: HazardState | undefined): 'green' | 'orange' | 'red' {
  return state === 'verified' ? 'green' : levelColor(level);
}

function facts(p: HazardNotice, ctx: RenderContext): El {
  const text = (s: string): string => mdText(clip(s, fullAt(p)));
  const lines = [
    `**问题**：${text(p.description)}`,
    `**已采取措施**：${text(p.measures) || '无'}`,
    `**停止使用**：${p.stoppedUse ? '已停止使用' : '未停止使用'}`,
    `**上报人**：${mdText(oneLine(p.reporter, 20))}　**整改期限**：${formatWhen(p.deadline, ctx)}`,
    ...(p.rectification ? [`**整改情况**：${text(p.rectification)}`] : []),
    ...(p.note ? [`**说明**：${text(p.note)}`] : []),
  ];
  return md(lines.join('\n'));
}

/**
 * The form (or button) that moves a hazard on from `step`, with field names prefixed by `prefix`
 * (Feishu wants names unique in the whole card: a reminder holds several hazards), and the
 * command line that does the same.
 */
export function hazardActions(h: { hazardId: string; no?: number; device: string | null }, step: HazardNotice['action'], prefix = ''): El[] {
  const v = (value: CardActionValue): CardActionValue => value;
  const id = h.hazardId;
  const n = typed(h.no, h.device);
  const hint = (...commands: string[]) => md(colored('grey', `也可直接回复：${commands.map((c) => `“${mdText(c)}”`).join(' 或 ')}`));
  switch (step) {
    case 'confirm':
      return [
        form(`${prefix}confirm`, [
          input(`${prefix}note`, { label: '研判意见', placeholder: '原因分析、处置措施、整改要求（必填）', multiline: true, required: true, max: HAZARD_TEXT_MAX }),
          button({ name: `${prefix}${SUBMIT_NAMES.hazard_confirm}`, text: '确认研判', type: 'danger_filled', value: v({ a: 'hazard_confirm', h: id }), submit: true }),
        ]),
        hint(`研判 ${n} 研判意见`),
      ];
    case 'rectify':
      return [
        form(`${prefix}rectify`, [
          input(`${prefix}rectification`, { label: '整改情况', placeholder: '做了什么、结果如何（必填）', multiline: true, required: true, max: HAZARD_TEXT_MAX }),
          datePicker(`${prefix}doneOn`, '完成日期（不填为今天）'),
          button({ name: `${prefix}${SUBMIT_NAMES.hazard_rectify}`, text: '提交整改情况', type: 'primary', value: v({ a: 'hazard_rectify', h: id }), submit: true }),
        ]),
        hint(`整改 ${n} 整改情况`),
      ];
    case 'verify':
      return [
        form(`${prefix}verify`, [
          input(`${prefix}comment`, { label: '核实意见', placeholder: '退回整改时请写明原因', multiline: true, max: HAZARD_TEXT_MAX }),
          button({ name: `${prefix}${SUBMIT_NAMES.hazard_verify_ok}`, text: '核实通过', type: 'primary', value: v({ a: 'hazard_verify', h: id, ok: true }), submit: true }),
          button({ name: `${prefix}${SUBMIT_NAMES.hazard_verify_reject}`, text: '不通过，退回整改', type: 'danger', value: v({ a: 'hazard_verify', h: id, ok: false }), submit: true }),
        ]),
        hint(`核实 ${n} 通过`, `核实 ${n} 退回 意见`),
      ];
    case 'inform':
      return [];
  }
}

export function hazardParts(p: HazardNotice, ctx: RenderContext): CardParts {
  const level = HAZARD_LEVEL_LABELS[p.level];
  const where = oneLine(p.device ?? p.unitName, 30);
  const acts = hazardActions({ hazardId: p.hazardId, no: p.hazardNo, device: p.device }, p.action);
  const state = p.state ? `【${HAZARD_STATE_LABELS[p.state]}】` : '';
  return {
    title: `${state}${level}隐患${hazardTag(p.hazardNo)} · ${where}`,
    subtitle: `${p.unitName} · ${ASKS[p.action]}`,
    template: stateTemplate(p.level, p.state),
    summary: `${level}隐患${hazardTag(p.hazardNo)}：${oneLine(p.description, 30)}`,
    info: [facts(p, ctx)],
    actions: acts.length > 0 ? [hr(), ...acts] : [],
  };
}
