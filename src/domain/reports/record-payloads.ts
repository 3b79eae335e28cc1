/**
 * Readers of the stored record payloads (written by the use cases in app/: submit-daily-check,
 * submit-period-report, hazard-actions, advice). Tolerant: a record written by an older version
 * with a field missing still prints, with the field empty, rather than failing the export.
 */
import { z } from 'zod';

const text = z.string().catch('');
const num = z.number().catch(0);

const statsSchema = z
  .object({
    devices: z.object({ inUse: num, paused: num, stopped: num }).catch({ inUse: 0, paused: 0, stopped: 0 }),
    daily: z
      .object({ due: num, done: num, zeroRisk: num, late: num, missed: num })
      .catch({ due: 0, done: 0, zeroRisk: 0, late: 0, missed: 0 }),
    hazards: z
      .object({ found: num, closed: num, overdue: num, open: num })
      .catch({ found: 0, closed: 0, overdue: 0, open: 0 }),
  })
  .nullable()
  .catch(null);
export type RecordedStats = NonNullable<z.infer<typeof statsSchema>>;

const openHazardSchema = z.object({
  hazardId: text,
  level: text,
  state: text,
  description: text,
  device: z.string().nullable().catch(null),
  assignee: text,
  deadline: text,
});
export type RecordedOpenHazard = z.infer<typeof openHazardSchema>;
const openHazards = z.array(openHazardSchema).catch([]);

const itemSchema = z.object({
  seq: num,
  group: text,
  content: text,
  result: text,
  description: z.string().optional().catch(undefined),
  level: z.string().optional().catch(undefined),
  measures: z.string().optional().catch(undefined),
  stoppedUse: z.boolean().optional().catch(undefined),
});
export type RecordedItem = z.infer<typeof itemSchema>;

const dailySchema = z.object({
  date: text,
  equipment: z.object({ id: text, code: text, name: text }).partial().catch({}),
  paused: z.boolean().catch(false),
  zeroRisk: z.boolean().catch(false),
  items: z.array(itemSchema).catch([]),
  hazardIds: z.array(z.string()).catch([]),
});
export type DailyPayload = z.infer<typeof dailySchema>;

const weeklySchema = z.object({
  period: text,
  participants: text,
  lastWeekVerification: text,
  findings: text,
  evaluation: text,
  nextWeekFocus: text,
  decisionsNeeded: text,
  stats: statsSchema,
  openHazards,
});
export type WeeklyPayload = z.infer<typeof weeklySchema>;

const monthlySchema = z.object({
  period: text,
  attendeeNames: z.array(z.string()).catch([]),
  recorderName: text,
  incidents: text,
  adjustments: text,
  meetingTime: text,
  location: text,
  attendees: text,
  mainProblems: text,
  rectificationStatus: text,
  unresolved: text,
  nextMonthFocus: text,
  resolutions: z.array(z.object({ content: text, owner: text, ownerName: text, deadline: text })).catch([]),
  stats: statsSchema,
  openHazards,
});
export type MonthlyPayload = z.infer<typeof monthlySchema>;

const hazardStepSchema = z.object({
  hazardId: text,
  note: text,
  rectification: text,
  comment: text,
  accepted: z.boolean().catch(false),
  from: text,
  to: text,
  reason: text,
  toDeadline: text,
  /** 整改资金, optional on the rectification */
  funds: text,
});
export type HazardStepPayload = z.infer<typeof hazardStepSchema>;

const resolutionDoneSchema = z.object({ content: text, note: text });

/** Never throws: a payload that is not an object reads as all fields empty. */
const reader =
  <T>(schema: z.ZodType<T>) =>
  (p: unknown): T =>
    schema.parse(p !== null && typeof p === 'object' && !Array.isArray(p) ? p : {});

export const readDaily = reader(dailySchema);
export const readWeekly = reader(weeklySchema);
export const readMonthly = reader(monthlySchema);
export const readHazardStep = reader(hazardStepSchema);
export const readResolutionDone = reader(resolutionDoneSchema);
