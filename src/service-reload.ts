/**
 * Configuration reload without a restart (SIGHUP, or `safeduty config apply` beside the running
 * service): the folder is read and validated again; an invalid one is refused with every problem
 * logged and the running configuration kept. A valid one is applied under the tick lock: units,
 * people, equipment and checklists to the database (what changed is logged), then the calendars and
 * the service-wide schedule, escalation and quiet hours in memory. Database, HTTP and channel settings
 * are read once at start: a change there is logged as needing a restart.
 */
import type { AdminStore, Logger } from './app/ports.js';
import { appliedMark } from './config/applied-marker.js';
import { calendarWarnings } from './config/calendar-warnings.js';
import { ConfigError, formatIssue } from './config/config-error.js';
import type { Config } from './config/load-config.js';

export interface ReloadDeps {
  store: AdminStore;
  log: Logger;
  now: () => Date;
  /** reads and validates the configuration folder again (throws ConfigError) */
  load: () => Readonly<Config>;
  /** runs `fn` with no tick in progress */
  exclusive: <T>(fn: () => Promise<T>) => Promise<T>;
  /** puts the new in-memory settings in place (calendars, service defaults) */
  install: (next: Readonly<Config>) => void;
}

const RESTART_ONLY = ['database', 'http', 'channels', 'sandbox', 'log', 'delivery'] as const;

export function configReloader(initial: Readonly<Config>, deps: ReloadDeps) {
  let current = initial;
  let mark = appliedMark(initial.dir);
  const reload = async (reason: string): Promise<boolean> => {
    let next: Readonly<Config>;
    try {
      next = deps.load();
    } catch (e) {
      const issues = e instanceof ConfigError ? e.issues.map(formatIssue) : [(e as Error).message];
      deps.log.error({ reason, issues }, `配置重新加载失败，继续使用原配置：${issues.join('；')}`);
      return false;
    }
    const applied = deps.exclusive(async () => {
      const results = await deps.store.applyUnits(next.units, deps.now());
      deps.install(next);
      const changed = results.filter((r) => r.created || r.changes.length > 0);
      for (const r of changed)
        deps.log.info(
          { reason, unit: r.key, created: r.created, changes: r.changes },
          'configuration reloaded: unit changed',
        );
      const restart = RESTART_ONLY.filter(
        (k) => JSON.stringify(current.service[k]) !== JSON.stringify(next.service[k]),
      );
      if (restart.length)
        deps.log.warn({ reason, settings: restart }, `配置中的 ${restart.join('、')} 需要重启服务才能生效`);
      for (const w of [...next.warnings, ...calendarWarnings(next.calendars, deps.now(), next.dir)])
        deps.log.warn({ warning: w }, 'configuration');
      const calendars = next.calendars.map((c) => c.year).join(',') !== current.calendars.map((c) => c.year).join(',');
      deps.log.info(
        {
          reason,
          unitsChanged: changed.map((r) => r.key),
          calendars: next.calendars.map((c) => c.year),
          calendarsChanged: calendars,
        },
        '配置已重新加载',
      );
      current = next;
      return true;
    });
    return applied.catch((e: unknown) => {
      deps.log.error(
        { reason, err: e },
        '配置重新加载失败（写入数据库时出错），继续使用原配置；下次 SIGHUP 或 config apply 时重试',
      );
      return false;
    });
  };
  return {
    reload,
    /** reloads when `safeduty config apply` left a new mark since the last look */
    async checkMark(): Promise<void> {
      const m = appliedMark(current.dir);
      if (m === mark) return;
      mark = m;
      await reload('config apply');
    },
  };
}
