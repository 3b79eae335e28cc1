/**
 * A unit's duty policy: when tasks open and fall due, whom to remind or escalate to and when, and
 * its quiet hours. The service configuration gives the defaults; a unit may override any part.
 * (Same shapes as the configuration file, so no mapping is needed at the edge.)
 */
import type { DailyDays } from '../model.js';

export type Target = 'assignee' | 'officer' | 'director' | 'principal';

export interface EscalationLevel {
  /** offset from the due time as a duration string ("-2h", "0", "3h") */
  after?: string;
  /** or a fixed day: ISO weekday (weekly) or day of month (monthly), with `time` */
  day?: number;
  time?: string;
  to: Target[];
  chats: string[];
}

export type TaskKind = 'daily' | 'weekly' | 'monthly' | 'hazard' | 'advice' | 'resolution';

export type EscalationPolicies = Record<TaskKind, EscalationLevel[]>;

export interface Schedule {
  daily: { open: string; due: string; days: DailyDays };
  weekly: { open_weekday: number; open: string; due_weekday: number; due: string };
  monthly: { open_day: number; open: string; due: string };
  rectify_days: { general: number; serious: number; major: number };
  advice_days: number;
}

/** Days before a date that a reminder and an escalation go (the day itself and after it escalate too). */
export interface DeadlineDays {
  remind: number;
  escalate: number;
}

/** 定期检验 (下次检验日期) and certificate expiry. */
export interface DeadlinePolicy {
  inspection: DeadlineDays;
  certificate: DeadlineDays;
}

export const DEFAULT_DEADLINES: DeadlinePolicy = {
  inspection: { remind: 30, escalate: 7 },
  certificate: { remind: 30, escalate: 7 },
};

export interface UnitPolicy {
  timeZone: string;
  schedule: Schedule;
  escalation: EscalationPolicies;
  quietHours: { start: string; end: string } | null;
  /** absent: DEFAULT_DEADLINES */
  deadlines?: DeadlinePolicy;
}

export interface PolicyOverrides {
  schedule?: Schedule;
  escalation?: Partial<EscalationPolicies>;
  quiet_hours?: { start: string; end: string } | null;
}

/** The unit's overrides on top of the service defaults; an overridden escalation kind replaces the default one. */
export function resolvePolicy(
  defaults: {
    schedule: Schedule;
    escalation: EscalationPolicies;
    quiet_hours: { start: string; end: string } | null;
    deadlines?: DeadlinePolicy;
  },
  timeZone: string,
  overrides: PolicyOverrides | null,
): UnitPolicy {
  return {
    timeZone,
    schedule: overrides?.schedule ?? defaults.schedule,
    escalation: { ...defaults.escalation, ...(overrides?.escalation ?? {}) },
    quietHours: overrides?.quiet_hours !== undefined ? overrides.quiet_hours : defaults.quiet_hours,
    deadlines: defaults.deadlines ?? DEFAULT_DEADLINES,
  };
}
