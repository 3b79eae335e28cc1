/**
 * Reading `action.form_value` of a submitted card into the domain's answer shapes. Feishu needs
 * every field name to be unique in the whole card, so the fields of the n-th device form on a
 * daily card are prefixed `d<n>_` (`d2_i1`, `d2_desc`); `dailyFields` strips the prefix.
 * Missing fields stay missing: the domain checks (checkDeviceAnswer, the report schemas) word the
 * problem for the person, the card only uses `required` where a field is always needed.
 */

export type FormValue = Record<string, unknown>;

/** Resolution rows on the monthly card. */
export const MAX_RESOLUTIONS = 3;

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : Array.isArray(v) ? v.join('、') : '');

/**
 * The device form's fields without their `d<n>_` prefix: `{i1: 'normal', a1_desc: '…', …}`.
 * Text is kept exactly as typed (no trimming, no width folding): it is what gets stored.
 */
export function dailyFields(formValue: FormValue): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(formValue)) out[key.replace(/^d\d+_/, '')] = typeof v === 'string' ? v : text(v);
  return out;
}

/** `2026-12-31 +0800` (a date_picker value) → `2026-12-31`. */
export function pickedDate(v: unknown): string {
  const s = text(v);
  return /^\d{4}-\d{2}-\d{2}/.test(s) ? s.slice(0, 10) : s;
}

/** The monthly form as the input of `monthlyMinutesSchema`; a resolution row counts when any of its fields is filled. */
export function monthlyMinutesInput(formValue: FormValue): Record<string, unknown> {
  const fields = ['meetingTime', 'location', 'attendees', 'mainProblems', 'rectificationStatus', 'unresolved', 'nextMonthFocus'] as const;
  const out: Record<string, unknown> = Object.fromEntries(fields.map((f) => [f, text(formValue[f])]));
  const resolutions = [];
  for (let i = 1; i <= MAX_RESOLUTIONS; i++) {
    const row = { content: text(formValue[`r${i}_content`]), owner: text(formValue[`r${i}_owner`]), deadline: pickedDate(formValue[`r${i}_deadline`]) };
    if (row.content || row.owner || row.deadline) resolutions.push(row);
  }
  out['resolutions'] = resolutions;
  return out;
}
