/**
 * loadConfig(): the one place that reads configuration files and the environment. Everything is
 * validated before anything is used; all problems are reported together as `file: path: message`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CalendarFile, calendarFileSchema, checkCalendars } from '../domain/holiday-calendar.js';
import type { Category } from '../domain/model.js';
import type { UnitSpec } from '../domain/unit-spec.js';
import { applyEnv, ENV } from './apply-env.js';
import { channelIssues } from './channels.js';
import { type ChecklistFile, checklistFileSchema } from './checklist-file.js';
import { ConfigError, type ConfigIssue } from './config-error.js';
import { type DutiesConfig, readDefaultDuties, readUnitDuties } from './load-duties.js';
import { escalationIssues, quietHoursIssues, scheduleIssues, unitDateIssues } from './policy-checks.js';
import { displayPath, readYamlFile, yamlFilesIn } from './read-yaml.js';
import { resolveUnit } from './resolve-unit.js';
import { type ServiceConfig, serviceConfigSchema } from './service-config.js';
import { unitFileSchema } from './unit-file.js';

export interface Config {
  /** the configuration folder that was read */
  dir: string;
  service: ServiceConfig;
  units: UnitSpec[];
  /** default checklists by category (built-in, overridden by the config folder's checklists/) */
  checklists: Map<Category, ChecklistFile>;
  calendars: CalendarFile[];
  /** problems that do not stop the service but that an administrator should fix */
  warnings: string[];
  /** the record chain's secret (SAFEDUTY_RECORD_KEY or records.key_file), or null: records are written unkeyed */
  recordKey: string | null;
  /** 《X安全总监职责》《X安全员守则》: built-in, the folder's duties/, each unit's own (load-duties.ts) */
  duties: DutiesConfig;
}

/** Folder of the built-in data (checklists, calendars) shipped with the package. */
export const BUILTIN_CONFIG_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../config');

export interface LoadOptions {
  /** configuration folder; default `config` */
  dir?: string;
  /** environment variables (secrets, DATABASE_URL...) that override the files */
  env?: Record<string, string | undefined>;
}

export function loadConfig(opts: LoadOptions = {}): Readonly<Config> {
  const dir = path.resolve(opts.dir ?? 'config');
  const issues: ConfigIssue[] = [];
  const warnings: string[] = [];
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new ConfigError([
      { file: displayPath(dir), path: '', message: '配置目录不存在：请用 --config 指定含 safeduty.yaml 的目录' },
    ]);
  }

  const serviceFile = path.join(dir, 'safeduty.yaml');
  const fileService = fs.existsSync(serviceFile)
    ? readYamlFile(serviceFile, serviceConfigSchema, issues)
    : serviceConfigSchema.parse({});
  const service = fileService ? applyEnv(fileService, opts.env ?? {}, issues) : undefined;
  if (service) issues.push(...channelIssues(service));
  if (service && fs.existsSync(serviceFile)) {
    const shown = displayPath(serviceFile);
    issues.push(
      ...scheduleIssues(shown, service.schedule),
      ...escalationIssues(shown, service.escalation, service.schedule),
      ...quietHoursIssues(shown, service.quiet_hours),
    );
  }
  const recordKey = service ? readRecordKey(dir, service, opts.env ?? {}, issues) : null;

  const checklists = new Map<Category, ChecklistFile>();
  for (const d of uniqueDirs([path.join(BUILTIN_CONFIG_DIR, 'checklists'), path.join(dir, 'checklists')])) {
    for (const f of yamlFilesIn(d)) {
      const c = readYamlFile(f, checklistFileSchema, issues);
      if (!c) continue;
      if (path.basename(f).replace(/\.ya?ml$/, '') !== c.category)
        issues.push({ file: displayPath(f), path: 'category', message: `文件名应为 ${c.category}.yaml` });
      checklists.set(c.category, c);
    }
  }

  const calendars: CalendarFile[] = [];
  const byYear = new Map<string, CalendarFile>();
  for (const d of uniqueDirs([path.join(BUILTIN_CONFIG_DIR, 'calendars'), path.join(dir, 'calendars')])) {
    for (const f of yamlFilesIn(d)) {
      const c = readYamlFile(f, calendarFileSchema, issues);
      if (c) byYear.set(`${c.region}-${c.year}`, c); // the config folder's file replaces the built-in one of that year
    }
  }
  calendars.push(...byYear.values());
  for (const p of checkCalendars(calendars)) issues.push({ file: 'calendars', path: '', message: p });

  const duties: DutiesConfig = {
    defaults: readDefaultDuties(
      path.join(BUILTIN_CONFIG_DIR, 'duties'),
      uniqueDirs([path.join(BUILTIN_CONFIG_DIR, 'duties'), path.join(dir, 'duties')]).slice(1),
      issues,
    ),
    units: new Map(),
  };

  const units: UnitSpec[] = [];
  const unitDirs = uniqueDirs(['units', ...(service?.units_dirs ?? [])].map((d) => path.resolve(dir, d)));
  for (const f of unitDirs.flatMap(yamlFilesIn)) {
    const shown = displayPath(f);
    const u = readYamlFile(f, unitFileSchema, issues);
    if (!u) continue;
    issues.push(...unitDateIssues(shown, u), ...quietHoursIssues(shown, u.quiet_hours));
    if (service && (u.schedule || u.escalation)) {
      const schedule = u.schedule ?? service.schedule;
      const own = (k: string) => u.escalation?.[k as keyof typeof u.escalation] !== undefined;
      // With its own schedule every policy is checked against it; else only the unit's own policies.
      const policies = u.schedule ? { ...service.escalation, ...u.escalation } : (u.escalation ?? {});
      issues.push(
        ...(u.schedule ? scheduleIssues(shown, u.schedule) : []),
        ...escalationIssues(shown, policies, schedule, own),
      );
    }
    const spec = resolveUnit(f, shown, u, checklists, issues, warnings);
    duties.units.set(spec.key, readUnitDuties(f, u.duties, duties.defaults, issues));
    if (!u.schedule && service) spec.dailyDays = service.schedule.daily.days;
    units.push(Object.assign(spec, { source: shown }));
  }
  crossCheckUnits(units, issues);

  if (issues.length > 0 || !service) throw new ConfigError(issues);
  return deepFreeze({ dir, service, units, checklists, calendars, warnings, recordKey, duties });
}

/** What must be unique across all units: keys, credit codes, equipment codes; one name per mobile. */
function crossCheckUnits(units: (UnitSpec & { source?: string })[], issues: ConfigIssue[]): void {
  const seen = new Map<string, string>();
  const once = (kind: string, value: string, file: string, p: string, label: string) => {
    const k = `${kind}:${value}`;
    if (seen.has(k)) issues.push({ file, path: p, message: `${label}“${value}”重复（另见 ${seen.get(k)}）` });
    else seen.set(k, `${file}: ${p}`);
  };
  const names = new Map<string, { name: string; file: string }>();
  for (const u of units) {
    const file = u.source ?? u.key;
    once('unit', u.key, file, 'key', '单位 key');
    once('credit', u.creditCode, file, 'credit_code', '统一社会信用代码');
    u.equipment.forEach((e, i) => {
      once('equipment', e.code, file, `equipment[${i}].code`, '设备代码');
    });
    u.people.forEach((p, i) => {
      for (const id of p.identities)
        once(
          `identity-${id.channel}`,
          id.externalId,
          file,
          `people[${i}].${id.channel}_${id.channel === 'feishu' ? 'open_id' : 'id'}`,
          '聊天账号',
        );
      const other = names.get(p.mobile);
      if (other && other.name !== p.name)
        issues.push({
          file,
          path: `people[${i}].name`,
          message: `手机号 ${p.mobile} 在 ${other.file} 中登记为“${other.name}”，同一人请用同一姓名`,
        });
      names.set(p.mobile, { name: p.name, file });
    });
  }
}

/** Shortest secret accepted: `openssl rand -hex 32` prints 64 characters. */
export const RECORD_KEY_MIN = 32;

/** The record key from the environment (SAFEDUTY_RECORD_KEY) or the key file; a secret too short is refused. */
function readRecordKey(
  dir: string,
  service: ServiceConfig,
  env: Record<string, string | undefined>,
  issues: ConfigIssue[],
): string | null {
  let key: string | null = null;
  let where = 'SAFEDUTY_RECORD_KEY';
  if (env.SAFEDUTY_RECORD_KEY) key = env.SAFEDUTY_RECORD_KEY.trim();
  else if (service.records.key_file) {
    const file = path.resolve(dir, service.records.key_file);
    where = displayPath(file);
    try {
      key = fs.readFileSync(file, 'utf8').trim();
    } catch (e) {
      issues.push({
        file: 'safeduty.yaml',
        path: 'records.key_file',
        message:
          `读不到记录密钥文件 ${where}（${(e as NodeJS.ErrnoException).code ?? (e as Error).message}）：请检查路径和权限，` +
          `或改用环境变量 SAFEDUTY_RECORD_KEY`,
      });
      return null;
    }
  }
  if (key !== null && key.length < RECORD_KEY_MIN) {
    issues.push({
      file: where === 'SAFEDUTY_RECORD_KEY' ? ENV : where,
      path: where === 'SAFEDUTY_RECORD_KEY' ? 'SAFEDUTY_RECORD_KEY' : 'records.key_file',
      message: `记录密钥太短（${key.length} 个字符），至少 ${RECORD_KEY_MIN} 个：可用 openssl rand -hex 32 生成`,
    });
    return null;
  }
  return key;
}

function uniqueDirs(dirs: string[]): string[] {
  return [...new Set(dirs.map((d) => path.resolve(d)))];
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    if (o instanceof Map) for (const v of o.values()) deepFreeze(v);
    else for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}
