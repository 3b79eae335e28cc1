/**
 * The callback contract between the cards and the card-action handler: every button and every
 * form submit carries `behaviors: [{type:'callback', value}]` with one of these values. `a` names
 * the action, `k` a task key (an array for 知悉), `h` a hazard id. The handler parses
 * `action.value` with `cardActionValueSchema` and the form fields with form-values.ts.
 *
 * Feishu may drop `behaviors` on a form's submit button (platforms.md A4, unverified); the submit
 * buttons therefore also have stable names (`d<n>_submit`, `weekly_submit`, …, see SUBMIT_NAMES)
 * from which the handler can recover the action together with the message's payload.
 */
import { z } from 'zod';

const taskKey = z.string().min(1).max(200);
const hazardId = z.string().min(1).max(100);

export const cardActionValueSchema = z.discriminatedUnion('a', [
  /** 全部正常（零风险报告） for one device */
  z.object({ a: z.literal('daily_zero'), k: taskKey }),
  /** 全部正常（零风险报告） for every device still open on one daily card */
  z.object({ a: z.literal('daily_zero_all'), k: z.array(taskKey).min(1).max(200) }),
  /** show one device's detailed form (逐项检查) on the daily card; nothing is recorded */
  z.object({ a: z.literal('daily_open'), k: taskKey }),
  /** back from a device's detailed form to the card's device list; nothing is recorded */
  z.object({ a: z.literal('daily_list'), k: taskKey }),
  /** one device's form: i<seq>, rest, 异常 blocks a<j>_item/_desc/_level/_measures/_stop (prefixed d<n>_, see form-values.ts) */
  z.object({ a: z.literal('daily_submit'), k: taskKey }),
  z.object({ a: z.literal('weekly_submit'), k: taskKey }),
  /** count a weekly or monthly card's numbers again and redraw it (the form keeps what was typed); nothing is recorded */
  z.object({ a: z.literal('period_refresh'), k: taskKey }),
  z.object({ a: z.literal('monthly_submit'), k: taskKey }),
  /** the director confirms a serious/major hazard: form field `note` (研判意见) */
  z.object({ a: z.literal('hazard_confirm'), h: hazardId }),
  /** form fields `rectification` and `doneOn` (a date picker); on a reminder prefixed `h<n>_` */
  z.object({ a: z.literal('hazard_rectify'), h: hazardId }),
  /** form field `comment`; ok=false sends the hazard back to rectification */
  z.object({ a: z.literal('hazard_verify'), h: hazardId, ok: z.boolean() }),
  /** 已知悉/督办 on an escalation: every task key listed on that card */
  z.object({ a: z.literal('ack'), k: z.array(taskKey).min(1) }),
  /** form field `reason` */
  z.object({ a: z.literal('advice_answer'), k: taskKey, ans: z.enum(['adopted', 'rejected']) }),
  /** form field `note` */
  z.object({ a: z.literal('resolution_done'), k: taskKey }),
]);
export type CardActionValue = z.infer<typeof cardActionValueSchema>;
export type CardActionName = CardActionValue['a'];

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
