/**
 * The 清单 items of a weekly/monthly form drawn compactly, for a card that would not fit Feishu's
 * 200 elements (card-budget.ts; “卡片 JSON 2.0 结构中，一张卡片最多支持 200 个元素……或组件”,
 * https://open.feishu.cn/document/uAjLw4CM/ukzMukzMukzM/feishu-cards/card-json-v2-structure): each
 * option's text is an element, so an item's two selects (正常/异常/不适用, then the 隐患等级) become
 * one select whose 异常 options carry the level (`abnormal:<level>`, read by form-values.ts
 * periodItemsFromForm), without placeholder; its note input has neither label nor placeholder (what
 * it is for is said once, above “其余未选的项”), and the item's 管控标准 line is left out. About 8
 * elements an item instead of 14: three categories' weekly items (17) fit with the report's own
 * fields and the contradiction question (确定提交 / 返回修改).
 */
import type { FieldView, FormView, PromptView } from '../../../app/prompts/prompt-view.js';
import { HAZARD_LEVEL_LABELS, HAZARD_LEVELS } from '../../../domain/answers/daily-answer.js';

/** What each item's unnamed text box is for, said once. */
const NOTE_HINT = { text: '每项下方的输入框：异常时写发现的问题，不适用时写原因。', muted: true } as const;

export function hasItemSeries(v: PromptView): boolean {
  return v.forms.some((f) => f.fields.some((x) => x.series));
}

export function compactItems(v: PromptView): PromptView {
  return { ...v, forms: v.forms.map(compactForm) };
}

function compactForm(f: FormView): FormView {
  const series = new Set(f.fields.filter((x) => x.series).map((x) => x.id));
  const fields = f.fields.flatMap((x): FieldView[] => {
    if (series.has(x.id)) return [compactChoice(x)];
    if (x.restOf) return [{ ...x, before: [...(x.before ?? []), [NOTE_HINT]] }];
    if (x.showWhen && series.has(x.showWhen.field)) {
      // the level goes into the item's own select; the note stays, named by its placeholder
      if (x.id === `${x.showWhen.field}_level`) return [];
      const { label: _label, ...rest } = x;
      return [{ ...rest, placeholder: '' }];
    }
    return [x];
  });
  return { ...f, fields };
}

function compactChoice(x: FieldView): FieldView {
  const options = (x.options ?? []).flatMap((o) =>
    o.value === 'abnormal'
      ? HAZARD_LEVELS.map((l) => ({ value: `abnormal:${l}`, label: `异常·${HAZARD_LEVEL_LABELS[l]}隐患` }))
      : [o],
  );
  // the 管控标准 (the muted line) is left out; the heading and the item's name stay
  const before = (x.before ?? []).filter((l) => !l.every((s) => typeof s !== 'string' && s.muted));
  const { placeholder: _placeholder, ...rest } = x;
  return { ...rest, options, before };
}
