/**
 * A hazard reaching the person who must act on it (platforms.md A4/A5): the director confirms a
 * serious/major one, the assignee writes the rectification, the director verifies (通过 or 退回
 * with a comment); `inform` only tells. Red for serious and major, orange for general.
 */
import { HAZARD_LEVEL_LABELS } from '../../../domain/answers/daily-answer.js';
import type { HazardNotice } from '../../../domain/engine/payloads.js';
import { SUBMIT_NAMES, type CardActionValue } from './action-value.js';
import { button, clip, form, hr, input, md, mdText, oneLine, type CardParts, type El } from './card-json.js';
import { formatWhen } from './format-when.js';
import { levelTemplate, type RenderContext } from './render-context.js';

const ASKS: Record<HazardNotice['action'], string> = {
  confirm: '请立即组织分析研判，确认处置措施',
  rectify: '请按期整改，完成后填写整改情况',
  verify: '整改已完成，请现场核实',
  inform: '请知悉',
};

/** Where the whole text of a long field is: the hazard's number once it has one, else the ledger. */
function fullAt(p: HazardNotice): string {
  const no = 'hazardNo' in p ? p.hazardNo : undefined;
  return typeof no === 'number' || typeof no === 'string' ? `隐患 ${no}` : '隐患台账';
}

function facts(p: HazardNotice, ctx: RenderContext): El {
  const text = (s: string): string => mdText(clip(s, fullAt(p)));
  const lines = [
    `**问题**：${text(p.description)}`,
    `**已采取措施**：${text(p.measures) || '无'}`,
    `**停止使用**：${p.stoppedUse ? '已停止使用' : '未停止使用'}`,
    `**上报人**：${mdText(oneLine(p.reporter, 20))}　**整改期限**：${formatWhen(p.deadline, ctx)}`,
    ...(p.rectification ? [`**整改情况**：${text(p.rectification)}`] : []),
  ];
  return md(lines.join('\n'));
}

function actionsFor(p: HazardNotice): El[] {
  const h = p.hazardId;
  const v = (value: CardActionValue): CardActionValue => value;
  switch (p.action) {
    case 'confirm':
      return [button({ name: 'hazard_confirm', text: '已研判，确认处置措施', type: 'danger_filled', value: v({ a: 'hazard_confirm', h }) })];
    case 'rectify':
      return [
        form('rectify', [
          input('rectification', { label: '整改情况', placeholder: '做了什么、结果如何（必填）', multiline: true, required: true }),
          button({ name: SUBMIT_NAMES.hazard_rectify, text: '提交整改情况', type: 'primary', value: v({ a: 'hazard_rectify', h }), submit: true }),
        ]),
      ];
    case 'verify':
      return [
        form('verify', [
          input('comment', { label: '核实意见', placeholder: '退回整改时请写明原因', multiline: true }),
          button({ name: SUBMIT_NAMES.hazard_verify_ok, text: '核实通过', type: 'primary', value: v({ a: 'hazard_verify', h, ok: true }), submit: true }),
          button({ name: SUBMIT_NAMES.hazard_verify_reject, text: '不通过，退回整改', type: 'danger', value: v({ a: 'hazard_verify', h, ok: false }), submit: true }),
        ]),
      ];
    case 'inform':
      return [];
  }
}

export function hazardParts(p: HazardNotice, ctx: RenderContext): CardParts {
  const level = HAZARD_LEVEL_LABELS[p.level];
  const where = oneLine(p.device ?? p.unitName, 30);
  const acts = actionsFor(p);
  return {
    title: `${level}隐患 · ${where}`,
    subtitle: `${p.unitName} · ${ASKS[p.action]}`,
    template: levelTemplate(p.level),
    summary: `${level}隐患：${oneLine(p.description, 30)}`,
    info: [facts(p, ctx)],
    actions: acts.length > 0 ? [hr(), ...acts] : [],
  };
}
