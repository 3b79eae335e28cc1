/**
 * `safeduty.yaml`: how the service runs (database, HTTP, channels, schedule, escalation, quiet
 * hours). Units may override `schedule`, `escalation` and `quiet_hours` in their own file.
 */
import { z } from 'zod';
import { DAILY_DAYS } from '../domain/model.js';
import { DEFAULT_DATABASE_URL } from './channels.js';
import { durationField, hhmmField } from './fields.js';

const target = z.enum(['assignee', 'officer', 'director', 'principal']);

/** One level of an escalation policy: when (relative to the due time, or on a day) and whom. */
export const escalationLevelSchema = z
  .strictObject({
    /** offset from the task's due time: "-2h" reminds before it, "3h" escalates after it */
    after: durationField.optional(),
    /** alternatively a fixed day: day of month (monthly) or ISO weekday 1–7 (weekly) */
    day: z.number().int().min(1).max(31).optional(),
    time: hhmmField.optional(),
    to: z.array(target).min(1),
    /** extra chat ids (e.g. a Feishu group) that receive this level too */
    chats: z.array(z.string().min(1)).default([]),
  })
  .refine((l) => (l.after !== undefined) !== (l.day !== undefined), {
    error: '每一级须写 after（相对截止时间）或 day（固定日期）之一',
  })
  .refine((l) => l.day === undefined || l.time !== undefined, {
    error: '写了 day 时须同时写 time，例如 time: "09:00"',
  });
export type EscalationLevel = z.infer<typeof escalationLevelSchema>;

const policy = z.array(escalationLevelSchema).max(6);

export const escalationSchema = z.strictObject({
  daily: policy.default([
    { after: '-2h', to: ['assignee'], chats: [] },
    { after: '0', to: ['director'], chats: [] },
    { after: '3h', to: ['principal'], chats: [] },
  ]),
  weekly: policy.default([
    { day: 5, time: '09:00', to: ['assignee'], chats: [] },
    { after: '0', to: ['principal'], chats: [] },
  ]),
  monthly: policy.default([
    { day: 28, time: '09:00', to: ['assignee'], chats: [] },
    { after: '0', to: ['assignee', 'director'], chats: [] },
  ]),
  hazard: policy.default([
    { after: '-4h', to: ['assignee'], chats: [] },
    { after: '0', to: ['director'], chats: [] },
    { after: '1d', to: ['principal'], chats: [] },
  ]),
  advice: policy.default([
    { after: '-1d', to: ['assignee'], chats: [] },
    { after: '0', to: ['assignee', 'director'], chats: [] },
  ]),
  resolution: policy.default([
    { after: '-1d', to: ['assignee'], chats: [] },
    { after: '0', to: ['director'], chats: [] },
    { after: '1d', to: ['principal'], chats: [] },
  ]),
});
export type EscalationConfig = z.infer<typeof escalationSchema>;

/** A unit's own policies: only the kinds it writes replace the service's (no defaults filled in). */
export const escalationOverrideSchema = z.strictObject({
  daily: policy.optional(),
  weekly: policy.optional(),
  monthly: policy.optional(),
  hazard: policy.optional(),
  advice: policy.optional(),
  resolution: policy.optional(),
});

export const scheduleSchema = z.strictObject({
  daily: z
    .strictObject({
      open: hhmmField.default('08:30'),
      due: hhmmField.default('17:30'),
      days: z.enum(DAILY_DAYS).default('every_day'),
    })
    .refine((d) => d.open < d.due, { error: '日管控的 open 须早于 due' })
    .default({ open: '08:30', due: '17:30', days: 'every_day' }),
  weekly: z
    .strictObject({
      open_weekday: z.number().int().min(1).max(7).default(1),
      open: hhmmField.default('09:00'),
      due_weekday: z.number().int().min(1).max(7).default(7),
      due: hhmmField.default('18:00'),
    })
    .default({ open_weekday: 1, open: '09:00', due_weekday: 7, due: '18:00' }),
  monthly: z
    .strictObject({
      open_day: z.number().int().min(1).max(28).default(25),
      open: hhmmField.default('09:00'),
      /** due on the month's last day at this time */
      due: hhmmField.default('18:00'),
    })
    .default({ open_day: 25, open: '09:00', due: '18:00' }),
  /** days allowed for rectifying a hazard, by level */
  rectify_days: z
    .strictObject({
      general: z.number().int().min(0).max(90).default(3),
      serious: z.number().int().min(0).max(90).default(1),
      major: z.number().int().min(0).max(90).default(1),
    })
    .default({ general: 3, serious: 1, major: 1 }),
  /** days the principal has to answer advice (两员意见建议) */
  advice_days: z.number().int().min(1).max(30).default(3),
});
export type ScheduleConfig = z.infer<typeof scheduleSchema>;

export const quietHoursSchema = z
  .strictObject({ start: hhmmField, end: hhmmField })
  .nullable()
  .default({ start: '21:00', end: '07:30' });
export type QuietHours = z.infer<typeof quietHoursSchema>;

export const feishuSchema = z.strictObject({
  app_id: z
    .string()
    .regex(/^cli_[0-9a-fA-F]{16}$/, { error: 'app_id 应形如 cli_a1b2c3d4e5f60718（飞书开放平台 → 凭证与基础信息）' })
    .optional(),
  app_secret: z.string().min(1).optional(),
  /** long_connection needs no public URL; webhook needs encrypt_key and a public HTTPS address */
  mode: z.enum(['long_connection', 'webhook']).default('long_connection'),
  encrypt_key: z.string().optional(),
  verification_token: z.string().optional(),
  /** API base URL: https://open.feishu.cn, https://open.larksuite.com, or the local emulator */
  domain: z.url().default('https://open.feishu.cn'),
});

export const telegramSchema = z.strictObject({
  /** the bot's token from @BotFather (TELEGRAM_BOT_TOKEN); set = the Telegram channel is on */
  token: z
    .string()
    .regex(/^\d+:[\w-]+$/, { error: 'token 应形如 123456:ABC-def（从 @BotFather 获取）' })
    .optional(),
  /** polling (getUpdates long polling, no public URL needed) or webhook (TELEGRAM_MODE) */
  mode: z
    .enum(['polling', 'webhook'], { error: 'mode 应为 polling（长轮询，无需公网地址）或 webhook' })
    .default('polling'),
  /** webhook mode: the public HTTPS address Telegram posts updates to (TELEGRAM_WEBHOOK_URL) */
  webhook_url: z.url().optional(),
  /**
   * webhook mode: the secret Telegram sends back in X-Telegram-Bot-Api-Secret-Token (TELEGRAM_WEBHOOK_SECRET):
   * 1-256 characters A-Z a-z 0-9 _ - (https://core.telegram.org/bots/api#setwebhook, secret_token)
   */
  webhook_secret: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,256}$/, {
      error: 'webhook_secret 只能含 1-256 个字母、数字、_ 和 -（Telegram setWebhook 的 secret_token 规则）',
    })
    .optional(),
  /** any Bot API–compatible server (a local Bot API server, the emulator) (TELEGRAM_API_ROOT) */
  api_root: z.url().default('https://api.telegram.org'),
});

/**
 * The sandbox: the whole bot against the bundled Feishu emulator, with a chat page at the service's
 * HTTP port, for trying SafeDuty without an account (src/sandbox/, docs/sandbox.md).
 */
export const sandboxSchema = z.strictObject({
  /**
   * auto: on when no Feishu or Telegram credentials are configured;
   * true: always (the bot then talks only to the emulator); false: never
   */
  enabled: z.union([z.literal('auto'), z.boolean()], { error: 'enabled 应为 auto、true 或 false' }).default('auto'),
  /**
   * the address the sandbox page listens on: only this machine by default (the page acts as anyone, without a login)
   */
  host: z.string().min(1).default('127.0.0.1'),
  /** the sandbox's own SQLite database, wiped by 重置演示; never the production database */
  database: z
    .string()
    .regex(/^file:.+/, { error: '沙盒只使用内置 SQLite：请写成 file:./data/sandbox.db 这样的地址' })
    .default('file:./data/sandbox.db'),
  /**
   * where the virtual clock starts (ISO time with offset); default:
   * the next working day, 5 minutes before the daily check opens
   */
  clock_start: z.iso
    .datetime({ offset: true, error: 'clock_start 应为带时区的 ISO 时间，例如 2026-12-01T08:25:00+08:00' })
    .optional(),
});
export type SandboxConfig = z.infer<typeof sandboxSchema>;

/**
 * Delivery to the chat platforms: how long one platform call may take before it is abandoned (and
 * retried later with the same idempotency key), and how many sends run at once per instance. The
 * platform's own rate limits pace them (a budget shared by every instance on the database).
 */
export const deliverySchema = z.strictObject({
  /** every Feishu / Telegram API call is abandoned after this many seconds */
  request_timeout_seconds: z
    .number()
    .min(1, { error: 'request_timeout_seconds 至少 1 秒' })
    .max(120, { error: 'request_timeout_seconds 至多 120 秒' })
    .default(10),
  /** sends in flight at once per instance (an unanswered one never holds up the others) */
  concurrency: z.number().int().min(1).max(64).default(8),
});
export type DeliveryConfig = z.infer<typeof deliverySchema>;
/**
 * Days before a date that a reminder (`remind`) and an escalation
 * (`escalate`) go; the day itself and after it always escalate.
 */
const deadlineDays = z
  .strictObject({ remind: z.number().int().min(1).max(180), escalate: z.number().int().min(1).max(90) })
  .refine((d) => d.escalate < d.remind, { error: 'escalate（升级提前天数）须小于 remind（提醒提前天数）' });

/** 定期检验 (下次检验日期) and certificate expiry: when the director, the principal and the holder hear of them. */
export const deadlinesSchema = z.strictObject({
  inspection: deadlineDays.default({ remind: 30, escalate: 7 }),
  certificate: deadlineDays.default({ remind: 30, escalate: 7 }),
});

export const serviceConfigSchema = z.strictObject({
  database: z
    .strictObject({ url: z.string().min(1).default(DEFAULT_DATABASE_URL) })
    .default({ url: DEFAULT_DATABASE_URL }),
  http: z
    .strictObject({ host: z.string().default('0.0.0.0'), port: z.number().int().min(0).max(65535).default(3000) })
    .default({ host: '0.0.0.0', port: 3000 }),
  log: z
    .strictObject({ level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'silent']).default('info') })
    .default({ level: 'info' }),
  channels: z
    .strictObject({
      feishu: feishuSchema.default(feishuSchema.parse({})),
      telegram: telegramSchema.default(telegramSchema.parse({})),
    })
    .default({ feishu: feishuSchema.parse({}), telegram: telegramSchema.parse({}) }),
  schedule: scheduleSchema.default(scheduleSchema.parse({})),
  escalation: escalationSchema.default(escalationSchema.parse({})),
  quiet_hours: quietHoursSchema,
  /** folders (relative to the config folder) holding unit files; `units` is always read */
  units_dirs: z.array(z.string().min(1)).default(['units']),
  /** typed commands: how many past days 逾期 lists missed work for; how long a question waits for its answer */
  commands: z
    .strictObject({
      missed_days: z.number().int().min(1).max(31).default(7),
      question_minutes: z.number().int().min(1).max(120).default(10),
    })
    .default({ missed_days: 7, question_minutes: 10 }),
  sandbox: sandboxSchema.default(sandboxSchema.parse({})),
  delivery: deliverySchema.default(deliverySchema.parse({})),
  /**
   * a chat id (a Feishu group of administrators) told when messages
   * are given up (dead letters), besides each unit's director
   */
  admin_chat: z.string().min(1).optional(),
  /**
   * The record chain's key (HMAC), kept outside the database: a file holding the secret (relative
   * to the config folder), or the environment variable SAFEDUTY_RECORD_KEY. Never the secret itself here.
   */
  records: z.strictObject({ key_file: z.string().min(1).optional() }).default({}),
  deadlines: deadlinesSchema.default(deadlinesSchema.parse({})),
  /**
   * photos kept as evidence: files named by their SHA-256 under
   * `dir` (relative to the working directory, like the SQLite file)
   */
  evidence: z.strictObject({ dir: z.string().min(1).default('./data/evidence') }).default({ dir: './data/evidence' }),
});
export type ServiceConfig = z.infer<typeof serviceConfigSchema>;
