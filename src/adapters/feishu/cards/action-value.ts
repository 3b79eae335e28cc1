/**
 * Feishu's side of the action contract (the contract itself is neutral: app/prompts/action-value.ts).
 * Feishu may drop `behaviors` on a form's submit button (platforms.md A4, unverified); the submit
 * buttons therefore also have stable names (`d<n>_submit`, `weekly_submit`, …) from which the
 * handler can recover the action together with the message's payload.
 */
export { type CardActionName, type CardActionValue, cardActionValueSchema } from '../../../app/prompts/action-value.js';

/** Names of the submit buttons, by action (daily ones are `d<n>_submit`, n = the device's place on the card). */
export const SUBMIT_NAMES = {
  weekly_submit: 'weekly_submit',
  monthly_submit: 'monthly_submit',
  hazard_confirm: 'confirm_submit',
  hazard_rectify: 'rectify_submit',
  hazard_verify_ok: 'verify_ok',
  hazard_verify_reject: 'verify_reject',
  advice_adopted: 'advice_adopt',
  advice_rejected: 'advice_reject',
  resolution_done: 'resolution_done',
} as const;

/** `d3_submit` → 3: which device of a daily card part was submitted. */
export function dailyDeviceIndex(buttonName: string): number | null {
  const m = /^d(\d+)_(submit|zero)$/.exec(buttonName);
  return m ? Number(m[1]) : null;
}
