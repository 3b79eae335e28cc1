/**
 * The answers script of `safeduty simulate --answers FILE`: who does what and when. People who are
 * not scripted do not answer. Times are local to the unit ("2026-12-03 09:10"). See
 * docs/simulation.md for the format with an example.
 */
import { z } from 'zod';

const when = z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/, { error: '时间格式应为 "2026-12-03 09:10"' });
const hhmm = z.string().regex(/^\d{2}:\d{2}$/, { error: '时刻格式应为 "09:10"' });

const abnormal = z.strictObject({
  /** item number on the card (1-based) or its content */
  item: z.union([z.number().int().min(1), z.string().min(1)]),
  description: z.string().min(1),
  level: z.enum(['general', 'serious', 'major']).default('general'),
  measures: z.string().default('已采取临时防护措施'),
  stopped_use: z.boolean().default(false),
});

/** A weekly or monthly 清单 item found 异常 or 不适用 (the others are 正常). */
const periodItem = z.strictObject({
  /** the category's code or label (电梯) */
  category: z.string().min(1),
  /** the item's number in the category's 清单 (13) or its content */
  item: z.union([z.number().int().min(1), z.string().min(1)]),
  result: z.enum(['abnormal', 'na']),
  level: z.enum(['general', 'serious', 'major']).default('general'),
  note: z.string().min(1),
});

/** 维保监督 on the weekly report of elevators (default: no 维保 that week). */
const maintenance = z
  .strictObject({
    mode: z.enum(['full', 'sample', 'none']),
    company: z.string().default(''),
    date: z.string().default(''),
    note: z.string().default(''),
  })
  .default({ mode: 'none', company: '', date: '', note: '' });

/** The actions, each extended with `base` (when/who, or who/at/except), strict so typos are reported. */
const actions = <B extends z.ZodRawShape>(base: B) =>
  z.discriminatedUnion('do', [
    /** submit today's daily check: all open devices zero-risk, except those listed with an abnormal item */
    z.strictObject({
      ...base,
      do: z.literal('daily'),
      devices: z.record(z.string(), z.strictObject({ abnormal })).default({}),
    }),
    z.strictObject({
      ...base,
      do: z.literal('weekly'),
      evaluation: z.string().default('本周设备运行总体平稳'),
      next_week_focus: z.string().default('继续落实日管控'),
      participants: z.string().default(''),
      items: z.array(periodItem).default([]),
      maintenance,
    }),
    z.strictObject({
      ...base,
      do: z.literal('monthly'),
      /** a date and a time (“12月28日 15:00”); empty: the moment the minutes are submitted */
      meeting_time: z.string().default(''),
      location: z.string().default('会议室'),
      attendees: z.string().default('主要负责人、安全总监、安全员'),
      next_month_focus: z.string().default('落实隐患整改，做好日管控'),
      /** 记录人 (a name in the unit); empty: the submitter */
      recorder: z.string().default(''),
      incidents: z.string().default(''),
      adjustments: z.string().default(''),
      resolutions: z
        .array(z.strictObject({ content: z.string(), owner: z.string(), deadline: z.string() }))
        .default([]),
      items: z.array(periodItem).default([]),
    }),
    /** hazard: "latest" (the newest hazard this person can act on) or text contained in its description */
    z.strictObject({
      ...base,
      do: z.literal('confirm'),
      hazard: z.string().default('latest'),
      note: z.string().default('已研判，措施有效'),
    }),
    z.strictObject({
      ...base,
      do: z.literal('rectify'),
      hazard: z.string().default('latest'),
      text: z.string().default('已整改完毕'),
      /** 整改资金, optional */
      funds: z.string().default(''),
    }),
    z.strictObject({
      ...base,
      do: z.literal('verify'),
      hazard: z.string().default('latest'),
      accepted: z.boolean().default(true),
      comment: z.string().default(''),
    }),
    z.strictObject({
      ...base,
      do: z.literal('report_hazard'),
      device: z.string().optional(),
      description: z.string(),
      level: z.enum(['general', 'serious', 'major']).default('general'),
      measures: z.string().default(''),
      stopped_use: z.boolean().default(false),
    }),
    z.strictObject({ ...base, do: z.literal('advice'), content: z.string().min(1) }),
    z.strictObject({
      ...base,
      do: z.literal('answer_advice'),
      answer: z.enum(['adopted', 'rejected']).default('adopted'),
      reason: z.string().default(''),
    }),
    /** 已知悉/督办 on everything the person was escalated about and that is still open */
    z.strictObject({ ...base, do: z.literal('ack') }),
    z.strictObject({ ...base, do: z.literal('complete_resolution'), note: z.string().default('已完成') }),
  ]);
const action = actions({});
export type ScriptAction = z.infer<typeof action>;
export type PeriodItemScript = z.infer<typeof periodItem>;

export const scriptSchema = z.strictObject({
  /** one-off actions at a local time */
  answers: z.array(actions({ when, who: z.string().min(1) })).default([]),
  /** daily habits: this person does this every day at this time, except on the listed dates */
  routine: z.array(actions({ who: z.string().min(1), at: hhmm, except: z.array(z.string()).default([]) })).default([]),
});
export type Script = z.infer<typeof scriptSchema>;

export interface ScheduledAction {
  /** local "YYYY-MM-DD HH:mm" */
  when: string;
  who: string;
  action: ScriptAction;
}
