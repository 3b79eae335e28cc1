/**
 * A unit as declared by configuration or an import, resolved and cross-checked: what the store
 * makes true when the configuration is applied (idempotently, keeping history).
 */
import type { PhotoRule } from './evidence/photo-rules.js';
import type { Category, CheckGroup, DailyDays, EquipmentStatus, Frequency, Role, UnitKind } from './model.js';

export interface RoleSpec {
  role: Role;
  /** empty = every category of the unit */
  categories: Category[];
  title: string;
  since?: string;
  reason: string;
}

export interface PersonSpec {
  name: string;
  mobile: string;
  roles: RoleSpec[];
  certificates: { kind: string; number: string; issued?: string; expires?: string }[];
  trainings: { date: string; content: string; result: string; assessor: string }[];
  /** chat accounts declared in configuration */
  identities: { channel: 'feishu' | 'telegram'; externalId: string }[];
  /**
   * the channels the unit file names for this person; absent: not
   * said ([] = back to the default: every channel they are bound on)
   */
  channels?: ('feishu' | 'telegram')[];
}

export interface EquipmentSpec {
  code: string;
  registrationNo: string;
  category: Category;
  name: string;
  location: string;
  status: EquipmentStatus;
  statusReason: string;
  /** mobile of the responsible officer */
  officerMobile: string;
  nextInspection?: string;
}

export interface ChecklistItem {
  group: CheckGroup;
  content: string;
  standard: string;
  frequency: Frequency;
  required: boolean;
  /** photos on 异常 (domain/evidence/photo-rules.ts); absent: required for 严重/重大 */
  photo?: PhotoRule | undefined;
}

export interface ChecklistSpec {
  category: Category;
  title: string;
  items: ChecklistItem[];
  /** local date from which a new version is in force; default: the day it is applied */
  effectiveDate?: string;
}

export interface UnitSpec {
  key: string;
  name: string;
  creditCode: string;
  kind: UnitKind;
  timeZone: string;
  dailyDays: DailyDays;
  /** per-unit overrides of schedule / escalation / quiet hours, stored as given */
  settings: Record<string, unknown> | null;
  suspensions: { from: string; to?: string; reason: string }[];
  people: PersonSpec[];
  equipment: EquipmentSpec[];
  checklists: ChecklistSpec[];
}
