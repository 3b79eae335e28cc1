/**
 * The action contract between a prompt and the inbound handler, the same on every channel: every
 * button and every form submit of a prompt carries one of these values (Feishu as the callback
 * `value`, Telegram resolved from the stored prompt by its short callback data). `a` names the
 * action, `k` a task key (an array for 知悉 and 全部正常), `h` a hazard id. The handler parses the
 * value with `cardActionValueSchema` and the form fields with form-values.ts (neutral names).
 */
import { z } from 'zod';

const taskKey = z.string().min(1).max(200);
const hazardId = z.string().min(1).max(100);
/**
 * The 清单 items (`q_<category>_<seq>`) on one card of a weekly/monthly form a channel sent in parts
 * (Feishu: card-budget.ts): “其余各项均正常” there answers these items only, and the parts saved
 * before (period_part) are added at submit (app/period-parts.ts). Absent: the whole form is here.
 */
const partItems = z.array(z.string().regex(/^q_[a-z_]+_\d{1,3}$/)).max(500);

export const cardActionValueSchema = z.discriminatedUnion('a', [
  /** 全部正常（零风险报告） for one device */
  z.object({ a: z.literal('daily_zero'), k: taskKey }),
  /** 全部正常（零风险报告） for every device still open on one daily card */
  z.object({ a: z.literal('daily_zero_all'), k: z.array(taskKey).min(1).max(200) }),
  /** show one device's detailed form (逐项检查) on the daily card; nothing is recorded */
  z.object({ a: z.literal('daily_open'), k: taskKey }),
  /** back from a device's detailed form to the card's device list; nothing is recorded */
  z.object({ a: z.literal('daily_list'), k: taskKey }),
  /**
   * one device's form: i<seq>, rest, 异常 blocks
   * a<j>_item/_desc/_level/_measures/_stop (prefixed d<n>_, see form-values.ts)
   */
  z.object({ a: z.literal('daily_submit'), k: taskKey }),
  /** cf: confirmed after the contradiction question (确定提交), see domain/answers/contradictions.ts */
  z.object({ a: z.literal('weekly_submit'), k: taskKey, cf: z.literal(true).optional(), i: partItems.optional() }),
  /** 返回修改 after a contradiction question: the form drawn again with what was entered; nothing is recorded */
  z.object({ a: z.literal('period_edit'), k: taskKey, i: partItems.optional() }),
  /** 保存本部分: one card's 清单 items of a weekly/monthly form sent in parts, kept until the report is submitted */
  z.object({ a: z.literal('period_part'), k: taskKey, i: partItems }),
  /**
   * count a weekly or monthly card's numbers again and redraw it (the form keeps what was typed); nothing is recorded
   */
  z.object({ a: z.literal('period_refresh'), k: taskKey }),
  z.object({ a: z.literal('monthly_submit'), k: taskKey, cf: z.literal(true).optional(), i: partItems.optional() }),
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
