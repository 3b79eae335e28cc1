/**
 * A hazard reaching the person who must act on it: the director confirms a serious/major one with
 * a 研判意见, the assignee writes the rectification (what was done, when), the director verifies
 * (通过 or 退回 with a comment); `inform` only tells. The title names the hazard by its 隐患号 and
 * shows its state; the tone is danger for serious and major, warning for general, success only
 * once verified. Every prompt that asks for an action also says the command that does the same.
 */
import { HAZARD_LEVEL_LABELS } from '../../domain/answers/daily-answer.js';
import { HAZARD_STATE_LABELS, HAZARD_TEXT_MAX, type HazardState } from '../../domain/answers/hazard-rules.js';
import type { HazardNotice, PhotoMissing } from '../../domain/engine/payloads.js';
import { formatWhen } from '../../domain/format-when.js';
import { afterPhotoRefusal } from '../evidence/after-photo.js';
import type { FormView, Line, PromptContext, PromptView, Tone } from './prompt-view.js';
import { clip, lines, muted, oneLine, pair, strong, toned } from './text.js';

const ASKS: Record<HazardNotice['action'], string> = {
  confirm: '请立即组织分析研判，填写研判意见',
  rectify: '请按期整改，完成后填写整改情况',
  verify: '整改已完成，请现场核实',
  inform: '请知悉',
};

/** “ #12”, or nothing for a hazard without a number. */
export const hazardTag = (no: number | undefined): string => (no !== undefined ? ` #${no}` : '');

/** Serious and major hazards are danger everywhere, general ones warning. */
export const levelTone = (level: HazardNotice['level']): Tone => (level === 'general' ? 'warning' : 'danger');

/** The tone of a hazard in a state: success only when verified, never while it is still open. */
export const hazardTone = (level: HazardNotice['level'], state: HazardState | undefined): Tone =>
  state === 'verified' ? 'success' : levelTone(level);

/** What to type for a hazard: its number, or (without one) the device. */
const typed = (no: number | undefined, device: string | null): string =>
  no !== undefined ? String(no) : (device ?? '设备名称');
const hint = (...commands: string[]): string => `也可直接回复：${commands.map((c) => `“${c}”`).join(' 或 ')}`;

/**
 * The form that moves a hazard on from `step` (none for `inform`), with the command that does the
 * same. `id` is the form's id in its prompt (a reminder holds several: h1, h2 …).
 */
export function hazardForm(
  h: { hazardId: string; no?: number; device: string | null; photoMissing?: PhotoMissing | undefined },
  step: HazardNotice['action'],
  id: string = step,
  title?: Line,
): FormView | null {
  const n = typed(h.no, h.device);
  const at = title ? { title } : {};
  const text = (field: string, label: string, placeholder: string, required: boolean) => ({
    id: field,
    kind: 'multiline' as const,
    label,
    placeholder,
    maxLength: HAZARD_TEXT_MAX,
    ...(required ? { required } : {}),
  });
  switch (step) {
    case 'confirm':
      return {
        id,
        ...at,
        fields: [text('note', '研判意见', '原因分析、处置措施、整改要求（必填）', true)],
        submits: [
          {
            label: '确认研判',
            style: 'danger',
            prominent: true,
            value: { a: 'hazard_confirm', h: h.hazardId },
            submits: true,
          },
        ],
        hint: hint(`研判 ${n} 研判意见`),
      };
    case 'rectify':
      return {
        id,
        ...at,
        fields: [
          text('rectification', '整改情况', '做了什么、结果如何（必填）', true),
          { id: 'doneOn', kind: 'date', label: '完成日期', placeholder: '完成日期（不填为今天）' },
          // 整改资金 (regulation.md §5, 隐患台账): optional, as the person writes it
          { id: 'funds', kind: 'text', label: '整改资金', placeholder: '例如 1200 元（没有可不填）', maxLength: 100 },
        ],
        submits: [
          { label: '提交整改情况', style: 'primary', value: { a: 'hazard_rectify', h: h.hazardId }, submits: true },
        ],
        hint: hint(`整改 ${n} 整改情况`),
      };
    case 'verify': {
      // The required 整改后 photo is missing: said before anyone taps, 核实通过 unavailable, 退回 still there.
      const missing = h.photoMissing;
      return {
        id,
        ...at,
        fields: [text('comment', '核实意见', '退回整改时请写明原因', false)],
        ...(missing
          ? {
              notes: [
                [toned('danger', `⚠ 整改后照片未上传：请 ${missing.by} 发送“照片 ${n}”`)],
                [muted('照片上传后才能核实通过；整改不到位可退回整改。')],
              ],
            }
          : {}),
        submits: [
          {
            label: '核实通过',
            style: 'primary',
            value: { a: 'hazard_verify', h: h.hazardId, ok: true },
            submits: true,
            ...(missing ? { unavailable: afterPhotoRefusal(missing.by, n) } : {}),
          },
          {
            label: '不通过，退回整改',
            style: 'danger',
            value: { a: 'hazard_verify', h: h.hazardId, ok: false },
            submits: true,
          },
        ],
        hint: hint(`核实 ${n} 通过`, `核实 ${n} 退回 意见`),
      };
    }
    case 'inform':
      return null;
  }
}

export function hazardView(p: HazardNotice, ctx: PromptContext): PromptView {
  const level = HAZARD_LEVEL_LABELS[p.level];
  const where = oneLine(p.device ?? p.unitName, 30);
  const state = p.state ? `【${HAZARD_STATE_LABELS[p.state]}】` : '';
  // Where the whole text of a long field is: the hazard's number once it has one, else the ledger.
  const text = (s: string): string => clip(s, p.hazardNo !== undefined ? `隐患 ${p.hazardNo}` : '隐患台账');
  const form = hazardForm(
    { hazardId: p.hazardId, no: p.hazardNo, device: p.device, photoMissing: p.photoMissing },
    p.action,
  );
  return {
    kind: p.type,
    title: `${state}${level}隐患${hazardTag(p.hazardNo)} · ${where}`,
    subtitle: `${p.unitName} · ${ASKS[p.action]}`,
    tone: hazardTone(p.level, p.state),
    summary: `${level}隐患${hazardTag(p.hazardNo)}：${oneLine(p.description, 30)}`,
    facts: [
      lines(
        pair('问题', text(p.description)),
        pair('已采取措施', text(p.measures) || '无'),
        pair('停止使用', p.stoppedUse ? '已停止使用' : '未停止使用'),
        [strong('上报人'), `：${oneLine(p.reporter, 20)}　`, strong('整改期限'), `：${formatWhen(p.deadline, ctx)}`],
        ...(p.rectification ? [pair('整改情况', text(p.rectification))] : []),
        ...(p.note ? [pair('说明', text(p.note))] : []),
      ),
    ],
    forms: form ? [form] : [],
    actions: [],
  };
}
