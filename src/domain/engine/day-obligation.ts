/**
 * The day's obligation follows the device. When a device's status changes while its day is open
 * (after the daily opening, before midnight), what the officer owes for it that day changes too:
 *
 * - paused before the check: the full-checklist task is closed as not required (with the reason)
 *   and a task with the paused item (停用措施) is issued instead;
 * - stopped or scrapped before the check: the task is closed as not required;
 * - resumed (in use again): the full checklist is issued for that day — replacing an open
 *   paused-item task, or after a paused-item check already done, or for a device that had no task
 *   because it was stopped at the opening;
 * - a check already done with the full checklist stays the day's check.
 *
 * A task is never changed in place: the old one is cancelled and a new one issued, so that an
 * answer from the old card (with the old item set) is refused instead of being recorded against
 * items that were never shown. Pure: the store applies the decision in the status change's
 * transaction, the planner prompts for the new task.
 */
import { EQUIPMENT_STATUS_LABELS, type EquipmentStatus } from '../model.js';

export interface DayTaskRow {
  key: string;
  state: string;
  /** asked the paused item instead of the checklist */
  paused: boolean;
}

export interface DayObligationChange {
  /** the open task that is no longer what the device needs, closed as not required */
  cancel: { key: string; reason: string } | null;
  /** a new task for the same day */
  issue: { paused: boolean; reason: string } | null;
}

const NONE: DayObligationChange = { cancel: null, issue: null };

/** `tasks`: the device's daily tasks of the open day, oldest first. `why`: the status change's reason. */
export function followStatus(
  tasks: readonly DayTaskRow[],
  toStatus: EquipmentStatus,
  why: string,
): DayObligationChange {
  const current = [...tasks].reverse().find((t) => t.state !== 'cancelled') ?? null;
  const checked = toStatus === 'in_use' || toStatus === 'paused';
  const paused = toStatus === 'paused';
  const because = why.trim() ? `（${why.trim()}）` : '';
  const issue = {
    paused,
    reason: paused
      ? `设备已临时停用${because}，今日改为检查停用措施`
      : `设备已恢复使用${because}，今日须按完整检查表检查`,
  };
  if (!current) return checked ? { cancel: null, issue } : NONE;
  if (current.state === 'open') {
    if (!checked)
      return {
        cancel: { key: current.key, reason: `设备已${EQUIPMENT_STATUS_LABELS[toStatus]}${because}，今日无需检查` },
        issue: null,
      };
    if (current.paused === paused) return NONE;
    return { cancel: { key: current.key, reason: issue.reason }, issue };
  }
  // Done: only a paused-item check falls short of what a device back in use needs.
  if (current.state === 'done' && current.paused && toStatus === 'in_use') return { cancel: null, issue };
  return NONE;
}
