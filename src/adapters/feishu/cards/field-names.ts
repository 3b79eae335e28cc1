/**
 * Feishu's field names → the neutral names of app/prompts/form-values.ts. Feishu needs every field
 * name unique in the whole card, so the fields of the n-th device form on a daily card are prefixed
 * `d<n>_` (`d2_i1`, `d2_x3_desc`) and those of the n-th hazard form on a reminder `h<n>_`
 * (“名称需在卡片内全局唯一”, form container:
 * https://open.feishu.cn/document/feishu-cards/card-json-v2-components/containers/form-container).
 */
import type { FormValue } from '../../../app/prompts/form-values.js';

/**
 * The device form's fields without their `d<n>_` prefix: `{i1: 'normal', a1_desc: '…', …}`.
 * Text is kept exactly as typed (no trimming, no width folding): it is what gets stored.
 */
export function dailyFields(formValue: FormValue): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(formValue))
    out[key.replace(/^d\d+_/, '')] = typeof v === 'string' ? v : Array.isArray(v) ? v.join('、') : '';
  return out;
}

/** A reminder's hazard form fields without their `h<n>_` prefix. */
export function hazardFields(formValue: FormValue): FormValue {
  return Object.fromEntries(Object.entries(formValue).map(([k, v]) => [k.replace(/^h\d+_/, ''), v]));
}
