/**
 * What a hazard sets in motion (令74 第五条/第七十条 as digested in regulation.md §4): a general one
 * is rectified by the officer at once; a serious one stops the device, the director must confirm
 * the analysis and measures, and the principal is informed; a major one reaches director and
 * principal at once. A device paused for a hazard returns to use only after it is verified.
 */

import { addDays, atLocal, localDateOf } from '../local-time.js';
import type { HazardLevel } from './daily-answer.js';

export const HAZARD_STATES = ['open', 'rectifying', 'rectified', 'verified'] as const;
export type HazardState = (typeof HAZARD_STATES)[number];
/**
 * The most a hazard step's text (整改情况, 研判意见, 核实意见, a reason) may hold: refused beyond,
 * never cut; the typed commands use the same (domain/commands/read-arguments.ts).
 */
export const HAZARD_TEXT_MAX = 500;

export const HAZARD_STATE_LABELS: Record<HazardState, string> = {
  open: '待研判',
  rectifying: '整改中',
  rectified: '待核实',
  verified: '已核实关闭',
};

export interface HazardConsequences {
  /** initial state: serious and major wait for the director's confirmation */
  state: HazardState;
  pauseDevice: boolean;
  /** who is told at once, and whether it is urgent (goes through quiet hours) */
  notify: { role: 'director' | 'principal'; action: 'confirm' | 'inform' }[];
  urgent: boolean;
  rectifyDays: number;
}

export function hazardConsequences(
  level: HazardLevel,
  stoppedUse: boolean,
  rectifyDays: { general: number; serious: number; major: number },
): HazardConsequences {
  if (level === 'general') {
    return {
      state: 'rectifying',
      pauseDevice: stoppedUse,
      notify: [],
      urgent: false,
      rectifyDays: rectifyDays.general,
    };
  }
  return {
    state: 'open',
    pauseDevice: true,
    notify: [
      { role: 'director', action: 'confirm' },
      { role: 'principal', action: 'inform' },
    ],
    urgent: true,
    rectifyDays: rectifyDays[level],
  };
}

/** Rectification deadline: `days` days later at the unit's daily due time, and never less than two hours away. */
export function rectifyDeadline(at: Date, days: number, tz: string, dueTime: string): Date {
  const d = atLocal(addDays(localDateOf(at, tz), days), dueTime, tz);
  const minimum = new Date(at.getTime() + 2 * 3600_000);
  return d > minimum ? d : minimum;
}
