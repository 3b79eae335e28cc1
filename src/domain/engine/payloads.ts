/**
 * The neutral prompt model: what a message says, independent of the channel. Feishu renders it as
 * a card, Telegram as text with keyboards, the console as a line. Instants are ISO strings so that
 * payloads survive JSON storage unchanged.
 */
import type { ChecklistRef, PeriodItemView } from '../answers/period-items.js';
import type { Category, CheckGroup } from '../model.js';
import type { TaskKind } from './policy.js';
import type { PersonRef } from './snapshot.js';

export interface ItemView {
  seq: number;
  group: CheckGroup;
  content: string;
  standard: string;
  required: boolean;
}

export interface DailyDeviceView {
  taskKey: string;
  equipmentId: string;
  code: string;
  name: string;
  location: string;
  category: Category;
  /** 临时停用: one adjusted item instead of the checklist */
  paused: boolean;
  items: ItemView[];
  /** past its 下次检验日期 on the prompt's day: must not be used until inspected (特种设备安全法第四十条) */
  inspectionOverdue?: { nextInspectionDate: string };
}

/** One thing someone is late on, as a line in a reminder or escalation. */
export interface ItemRef {
  taskKey: string;
  label: string;
  /** the device's name, for daily checks and hazards */
  device?: string;
  /** its period closed before the message was delivered: the work is missed (escalations only) */
  missed?: boolean;
  /**
   * a hazard task: the hazard, its 隐患号 and the step it waits for, so the card can carry the action;
   * `photoMissing` as on HazardNotice (filled in at delivery)
   */
  hazard?: { id: string; no?: number; step: 'rectify' | 'verify'; photoMissing?: PhotoMissing };
}

/**
 * The 清单's weekly or monthly items a weekly/monthly prompt asks (filled in at delivery, like its
 * numbers: app/enrich-payload.ts), the 清单 versions they come from, and whether 维保监督 is asked
 * (the weekly report of a unit with elevators).
 */
export interface PeriodItemsPart {
  checkItems?: PeriodItemView[];
  checklists?: ChecklistRef[];
  maintenance?: boolean;
}

/**
 * The numbers of a week or month; on a card they come with
 * `statsAsOf`, the instant they were counted (the period so far).
 */
export interface PeriodStats {
  devices: { inUse: number; paused: number; stopped: number };
  daily: { due: number; done: number; zeroRisk: number; late: number; missed: number };
  hazards: { found: number; closed: number; overdue: number; open: number };
}

export interface HazardView {
  hazardId: string;
  /** 隐患号 */
  no?: number;
  level: 'general' | 'serious' | 'major';
  state: string;
  description: string;
  device: string | null;
  assignee: string;
  deadline: string;
}

export type Payload =
  | {
      type: 'daily_check';
      unitName: string;
      date: string;
      dueAt: string;
      devices: DailyDeviceView[] /** why a check was issued during the day (a device paused or resumed) */;
      notice?: string;
    }
  | ({
      type: 'weekly_review';
      unitName: string;
      taskKey?: string;
      period: string;
      dueAt: string;
      categories: Category[];
      stats?: PeriodStats;
      openHazards?: HazardView[];
      statsAsOf?: string;
    } & PeriodItemsPart)
  | ({
      type: 'monthly_dispatch';
      unitName: string;
      taskKey?: string;
      period: string;
      dueAt: string;
      stats?: PeriodStats;
      openHazards?: HazardView[];
      statsAsOf?: string;
    } & PeriodItemsPart)
  | { type: 'reminder'; unitName: string; kind: TaskKind; period: string; dueAt: string; items: ItemRef[] }
  | {
      type: 'escalation';
      unitName: string;
      kind: TaskKind;
      period: string;
      level: number;
      dueAt: string;
      groups: { person: PersonRef; items: ItemRef[] }[];
    }
  | HazardNotice
  | {
      type: 'advice_request';
      unitName: string;
      adviceId: string;
      taskKey: string;
      from: string;
      content: string;
      dueAt: string;
    }
  | {
      type: 'advice_answered';
      unitName: string;
      adviceId: string;
      content: string;
      answer: 'adopted' | 'rejected';
      reason: string;
      by: string;
    }
  | {
      type: 'resolution_assigned';
      unitName: string;
      taskKey: string;
      content: string;
      deadline: string;
      from: string;
      period: string;
    }
  | {
      type: 'notice';
      unitName: string;
      text: string /** what a deadline notice is about, as data */;
      deadlineFact?: DeadlineNotice /** a daily chain-head anchor, as data */;
      anchor?: ChainAnchorNotice;
    };

/** A 定期检验 or certificate deadline reached a stage (engine/plan-deadlines.ts). */
export interface DeadlineNotice {
  subject: 'inspection' | 'certificate';
  stage: 'remind' | 'escalate' | 'due' | 'overdue';
  /** the 下次检验日期 or expiry date */
  date: string;
  /** on the day the notice was decided; negative once passed */
  daysLeft: number;
  items: {
    equipmentId?: string;
    code?: string;
    device?: string;
    personId?: string;
    person?: string;
    certificate?: string;
    number?: string;
  }[];
}

/** The unit's chain head as sent to the principal: `unitKey:seq:hash` is what `safeduty verify --anchor` takes. */
export interface ChainAnchorNotice {
  unitKey: string;
  seq: number;
  hash: string;
  /** the local date it was sent for */
  date: string;
}

/** A hazard as it reaches someone who must act on it (confirm, rectify, verify) or be informed. */
export interface HazardNotice {
  type: 'hazard_notice';
  unitName: string;
  hazardId: string;
  /** 隐患号: the short number people type (整改 12 …); set by the store when the hazard is written */
  hazardNo?: number;
  /** the hazard's state when the message was written (cards redrawn later read it again) */
  state?: 'open' | 'rectifying' | 'rectified' | 'verified';
  /** the task of the person who must act, when there is one */
  taskKey: string | null;
  action: 'confirm' | 'inform' | 'rectify' | 'verify';
  level: 'general' | 'serious' | 'major';
  description: string;
  measures: string;
  stoppedUse: boolean;
  device: string | null;
  reporter: string;
  deadline: string;
  /** what was done, for a verify notice */
  rectification?: string;
  /** the director's 研判意见 (a rectify notice after confirmation), or why it was sent back, reassigned or extended */
  note?: string;
  /**
   * a verify notice whose hazard needs a 整改后 photo that is not attached yet: filled in when the
   * prompt is drawn (app/enrich-payload.ts), never stored, so the card says it before 核实通过 is refused
   */
  photoMissing?: PhotoMissing;
}

/** The required 整改后 photo of the current round is missing: who must send it (“照片 <隐患号>”). */
export interface PhotoMissing {
  by: string;
}

/** The adjusted item a paused (临时停用) device gets instead of its checklist. */
export const PAUSED_ITEM: ItemView = {
  seq: 1,
  group: '设备',
  content: '停用中：防护措施、停用标志是否到位',
  standard: '停用标志醒目，防护措施到位，无人违规使用',
  required: true,
};
