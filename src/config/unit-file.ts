/**
 * `units/<key>.yaml`: one unit with its people, equipment and checklist adjustments. Small sites
 * declare everything here; large sites import their 台账 from Excel instead.
 */
import { z } from 'zod';
import { isValidCreditCode } from '../domain/credit-code.js';
import {
  CATEGORIES,
  EQUIPMENT_STATUS_LABELS,
  EQUIPMENT_STATUSES,
  type EquipmentStatus,
  parseEquipmentStatus,
  ROLES,
  UNIT_KINDS,
} from '../domain/model.js';
import { checklistItemSchema } from './checklist-file.js';
import { categoryField, localDateField, mobileField, timeZoneField } from './fields.js';
import { escalationOverrideSchema, quietHoursSchema, scheduleSchema } from './service-config.js';

const roleSchema = z.strictObject({
  role: z.enum(ROLES, { error: '角色应为 principal（主要负责人）、director（安全总监）或 officer（安全员）' }),
  /** categories covered; omitted = all categories of the unit */
  categories: z.array(categoryField).default([]),
  /** label shown instead of the default title, e.g. 电梯安全总监 */
  title: z.string().min(1).optional(),
  since: localDateField.optional(),
  reason: z.string().default(''),
});

const personSchema = z.strictObject({
  name: z.string().trim().min(1, { error: '姓名不能为空' }),
  mobile: mobileField,
  roles: z.array(roleSchema).min(1, { error: '每人至少一个角色' }),
  certificates: z
    .array(
      z.strictObject({
        kind: z.string().min(1),
        number: z.union([z.string(), z.number()]).transform(String),
        issued: localDateField.optional(),
        expires: localDateField.optional(),
      }),
    )
    .default([]),
  trainings: z
    .array(
      z.strictObject({
        date: localDateField,
        content: z.string().min(1),
        result: z.string().min(1),
        assessor: z.string().min(1),
      }),
    )
    .default([]),
  /** chat accounts, when known in advance (otherwise people bind themselves with 绑定 <code>) */
  feishu_open_id: z
    .string()
    .regex(/^ou_[0-9a-zA-Z_]+$/, { error: '飞书 open_id 应以 ou_ 开头' })
    .optional(),
  telegram_id: z
    .union([z.string(), z.number()])
    .transform(String)
    .pipe(z.string().regex(/^\d+$/, { error: 'Telegram 用户 ID 应为数字' }))
    .optional(),
  /**
   * where this person gets their prompts: omitted = every channel they are bound on (else the first
   * configured); `[]` = back to that default
   */
  channels: z
    .array(z.enum(['feishu', 'telegram'], { error: 'channels 只能包含 feishu（飞书）和 telegram' }))
    .optional(),
});

const statusField = z.string().transform((s, ctx): EquipmentStatus => {
  const st = parseEquipmentStatus(s);
  if (st) return st;
  ctx.addIssue({
    code: 'custom',
    message: `未知设备状态“${s}”，可选：${EQUIPMENT_STATUSES.map((k) => `${k}（${EQUIPMENT_STATUS_LABELS[k]}）`).join('、')}`,
  });
  return z.NEVER;
});

const equipmentSchema = z.strictObject({
  code: z
    .union([z.string(), z.number()])
    .transform((v) => String(v).trim())
    .pipe(z.string().min(1, { error: '设备代码不能为空' })),
  registration_no: z.string().default(''),
  category: categoryField,
  name: z.string().trim().min(1, { error: '设备名称不能为空' }),
  location: z.string().default(''),
  status: statusField.default('in_use'),
  status_reason: z.string().default(''),
  /** the responsible 安全员: name or mobile of a person of this unit with the officer role */
  officer: z
    .union([z.string(), z.number()], { error: '每台设备须指定负责安全员（officer），逐台明确' })
    .transform(String),
  next_inspection: localDateField.optional(),
});

const checklistAdjustSchema = z.strictObject({
  /** replace the default items entirely */
  replace: z.array(checklistItemSchema).optional(),
  /** add items to the default (or replaced) list */
  extend: z.array(checklistItemSchema).default([]),
  /** drop default items by their content */
  remove: z.array(z.string()).default([]),
  effective_date: localDateField.optional(),
});

export const unitFileSchema = z.strictObject({
  key: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{1,40}$/, { error: 'key 只能用小写字母、数字和连字符，例如 wanjia-property' })
    .optional(),
  name: z.string().trim().min(1, { error: '单位名称不能为空' }),
  credit_code: z.string().refine(isValidCreditCode, {
    error: (i) => `统一社会信用代码“${String(i.input)}”无效（18 位，末位为校验码），请核对营业执照`,
  }),
  kind: z
    .enum(UNIT_KINDS, { error: '单位类型应为 user（使用单位）、producer（生产单位）或 filler（充装单位）' })
    .default('user'),
  time_zone: timeZoneField.default('Asia/Shanghai'),
  suspensions: z
    .array(z.strictObject({ from: localDateField, to: localDateField.optional(), reason: z.string().min(1) }))
    .default([]),
  schedule: scheduleSchema.optional(),
  escalation: escalationOverrideSchema.optional(),
  quiet_hours: quietHoursSchema.optional(),
  people: z.array(personSchema).default([]),
  equipment: z.array(equipmentSchema).default([]),
  checklists: z
    .partialRecord(
      z.enum([
        'boiler',
        'pressure_vessel',
        'gas_cylinder',
        'pressure_piping',
        'elevator',
        'crane',
        'ropeway',
        'amusement_ride',
        'field_vehicle',
      ]),
      checklistAdjustSchema,
    )
    .default({}),
  /** 《X安全总监职责》《X安全员守则》 of this unit: a duties file per category, relative to this file (load-duties.ts) */
  duties: z
    .partialRecord(
      z.enum(CATEGORIES, { error: `duties 的键应为设备类别代码：${CATEGORIES.join('、')}` }),
      z.string({ error: '应为文件路径，例如 duties/elevator.yaml' }).trim().min(1, { error: '文件路径不能为空' }),
    )
    .default({}),
});
export type UnitFile = z.infer<typeof unitFileSchema>;
