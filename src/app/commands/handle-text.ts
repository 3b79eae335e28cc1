/**
 * Typed text → the reply, whatever the channel: a pending question first (上报隐患 waits for a
 * level; a reply that does not fit it is either another command, which cancels the question and
 * says so, or is asked again), then the pure parser, then binding, then the asker's unit and role,
 * then the command. Every answer is Chinese, short, and shows only what the asker may see. Nothing
 * here throws to the channel: an unexpected failure becomes a kind sentence (and a log line with ids).
 */
import {
  COMMAND_HELP,
  COMMAND_NAMES,
  type Command,
  type ParseResult,
  parseCommand,
} from '../../domain/commands/parse-command.js';
import { DEFAULT_DEADLINES, type DeadlinePolicy } from '../../domain/engine/policy.js';
import { localDateOf } from '../../domain/local-time.js';
import type { ExportDeps } from '../export-report.js';
import type { Logger } from '../ports.js';
import { bind } from './bind.js';
import { type ChatAccount, forget, pendingOf, settingsOf, topicOf } from './conversation.js';
import { myCredentials, unitCredentialFlags } from './credentials.js';
import { exportCommand, type Reply } from './export-command.js';
import { hazardCommand, hazardDetail } from './hazard-commands.js';
import { recordInspection } from './inspection-command.js';
import { answerPending } from './pending.js';
import { devicesList, hazards, overdue, periodNumbers, today, whoami } from './read-commands.js';
import { type Asker, askerIn } from './unit-scope.js';
import { advice, pauseOrResume, startHazardReport, type WriteDeps } from './write-commands.js';

export type { ChatAccount, CommandSettings } from './conversation.js';
export type { Reply } from './export-command.js';

export type CommandDeps = WriteDeps & {
  /** the parts the commands use; 导出 also finds units by their headers */
  store: WriteDeps['store'] & ExportDeps['store'];
  log: Logger;
  writers: ExportDeps['writers'];
  evidence?: ExportDeps['evidence'];
  /** 《X安全总监职责》《X安全员守则》 in force per unit (导出 职责 / 守则) */
  duties?: ExportDeps['duties'];
  thumbnails?: ExportDeps['thumbnails'];
};

export const BIND_HELP = '您的账号尚未绑定。请向管理员索取邀请码，然后发送“绑定 邀请码”，例如：绑定 AB12CD34';
export const INTERNAL_ERROR = '抱歉，处理时出错了，请稍后再试；如一直出错请联系管理员。';

export async function handleText(deps: CommandDeps, account: ChatAccount, text: string): Promise<Reply> {
  try {
    const r = await route(deps, account, text);
    return typeof r === 'string' ? { text: r } : r;
  } catch (e) {
    deps.log.error({ err: e, channel: account.channel, externalId: account.externalId }, 'command failed');
    return { text: INTERNAL_ERROR };
  }
}

/** Words that only make sense as the answer to a question (a level, a number, 确认). */
const LOOKS_LIKE_AN_ANSWER = /^(\d{1,2}|确认|确定|是|一般|严重|重大|取消)[。.!！]?$/;

async function route(deps: CommandDeps, account: ChatAccount, text: string): Promise<string | Reply> {
  const now = deps.clock.now();
  const ident = await deps.store.identityOf(account.channel, account.externalId);
  const pending = ident ? await pendingOf(deps, account) : null;
  let parsed: ParseResult | undefined;
  let cancelled = '';
  if (ident && pending) {
    const answer = await answerPending(deps, account, ident.personId, pending, text, (cmd) =>
      forPerson(deps, account, ident, cmd),
    );
    if (answer.fits) return answer.reply;
    parsed = parseCommand(text);
    // Not a command either: the question stays, and is asked again.
    if (!parsed.ok && (parsed.error === 'unknown' || parsed.error === 'empty')) return answer.reask;
    await forget(deps, account);
    cancelled = `（已取消未完成的${topicOf(pending)}。）\n`;
  }
  parsed ??= parseCommand(text);
  const reply = await (async (): Promise<string | Reply> => {
    if (!parsed.ok) {
      if (parsed.error === 'unknown' && ident && LOOKS_LIKE_AN_ANSWER.test(text.trim()))
        return `现在没有等待您回复的问题（提问 ${settingsOf(deps).questionMinutes} 分钟内有效）。发送“帮助”查看全部命令。`;
      return parsed.error === 'unknown' || parsed.error === 'empty'
        ? `${parsed.message}${ident ? '' : `\n${BIND_HELP}`}`
        : parsed.message;
    }
    const cmd = parsed.command;
    if (cmd.name === 'bind') return bind(deps, account, cmd.code, now);
    if (!ident) return cmd.name === 'help' ? `我是 SafeDuty 特种设备安全助手。\n${BIND_HELP}` : BIND_HELP;
    return forPerson(deps, account, ident, cmd);
  })();
  if (!cancelled) return reply;
  return typeof reply === 'string' ? `${cancelled}${reply}` : { ...reply, text: `${cancelled}${reply.text}` };
}

/** A parsed command of a bound person: their unit and highest role, then the command. */
async function forPerson(
  deps: CommandDeps,
  account: ChatAccount,
  ident: { personId: string; currentUnitId: string | null },
  cmd: Command,
): Promise<string | Reply> {
  const person = (await deps.store.findPeople(ident.personId))[0];
  const unitIds = [...new Set(person?.roles.map((r) => r.unitId) ?? [])];
  if (!person || unitIds.length === 0) return '您目前在任何单位都没有职务，如有疑问请联系管理员。';
  if (cmd.name === 'unit') {
    const chosen = await chooseUnit(deps, account, unitIds, ident.currentUnitId, cmd.query);
    // 单位 without a name, to a manager of the current unit: the unit's certificate and training flags.
    const current = unitIds.length === 1 ? unitIds[0] : unitIds.find((u) => u === ident.currentUnitId);
    const role = current ? askerIn(person, current)?.role : undefined;
    if (cmd.query || !current || (role !== 'director' && role !== 'principal')) return chosen;
    const tz = (await deps.store.loadUnitContext(current))?.unit.timeZone ?? 'Asia/Shanghai';
    return [
      chosen,
      ...(await unitCredentialFlags(
        deps.store,
        current,
        localDateOf(deps.clock.now(), tz),
        deadlinesOf(deps).certificate,
      )),
    ].join('\n');
  }
  const unitId = unitIds.length === 1 ? unitIds[0]! : unitIds.find((u) => u === ident.currentUnitId);
  if (!unitId)
    return `您在 ${unitIds.length} 个单位任职：${(await unitNames(deps, unitIds)).join('、')}。\n请先发送“单位 名称”选择要查看的单位。`;
  const asker = askerIn(person, unitId)!;
  const ctx = await deps.store.loadUnitContext(unitId);
  const tz = ctx?.unit.timeZone ?? 'Asia/Shanghai';
  const r = await run(deps, account, asker, cmd, { tz, unitName: ctx?.unit.name ?? '', mobile: person.mobile });
  // The command table says which answers name people and their misses: in a group, the asker alone.
  if (!COMMAND_HELP[cmd.name].privateInGroup) return r;
  return typeof r === 'string' ? { text: r, privateToAsker: true } : { ...r, privateToAsker: true };
}

async function run(
  deps: CommandDeps,
  account: ChatAccount,
  a: Asker,
  cmd: Command,
  info: { tz: string; unitName: string; mobile: string },
): Promise<string | Reply> {
  const r = {
    store: deps.store,
    now: deps.clock.now(),
    tz: info.tz,
    missedDays: settingsOf(deps).missedDays,
    inspection: deadlinesOf(deps).inspection,
  };
  switch (cmd.name) {
    case 'help':
      return helpFor(a);
    case 'today':
      return today(r, a, cmd.page);
    case 'overdue':
      return overdue(r, a, cmd.page);
    case 'hazards': {
      // 隐患 12: one hazard, whole, with its history (cards point here for text they shorten)
      return cmd.no !== undefined
        ? hazardDetail(deps, a, cmd.no, info.tz)
        : hazards(r, a, cmd.scope, cmd.device, cmd.page);
    }
    case 'report_hazard':
      return startHazardReport(deps, account, a, cmd);
    case 'week':
      return periodNumbers(r, a, 'weekly');
    case 'month':
      return periodNumbers(r, a, 'monthly');
    case 'devices':
      return devicesList(r, a, cmd);
    case 'pause':
    case 'resume':
      return pauseOrResume(deps, account, a, cmd);
    case 'inspection':
      return recordInspection(deps, account, a, cmd, info.tz);
    case 'advice':
      return advice(deps, a, cmd.content);
    case 'whoami':
      return [
        whoami(a, info.unitName, info.mobile),
        ...(await myCredentials(
          deps.store,
          a.unitId,
          a.personId,
          localDateOf(r.now, info.tz),
          deadlinesOf(deps).certificate,
        )),
      ].join('\n');
    case 'export':
      return exportCommand(
        {
          store: deps.store,
          clock: deps.clock,
          writers: deps.writers,
          evidence: deps.evidence,
          duties: deps.duties,
          thumbnails: deps.thumbnails,
        },
        a,
        info.tz,
        cmd.args,
      );
    case 'rectify':
    case 'verify':
    case 'confirm_hazard':
    case 'reassign':
    case 'extend':
    case 'photo':
      return hazardCommand(deps, account, a, cmd, info.tz);
    case 'bind':
      return '您的账号已绑定。如需绑定到其他人员，请向管理员索取新的邀请码。';
    case 'unit':
      return '';
  }
}

async function unitNames(deps: CommandDeps, ids: string[]): Promise<string[]> {
  return Promise.all(ids.map(async (id) => (await deps.store.loadUnitContext(id))?.unit.name ?? id));
}

async function chooseUnit(
  deps: CommandDeps,
  account: ChatAccount,
  unitIds: string[],
  current: string | null,
  query?: string,
): Promise<string> {
  const names = await unitNames(deps, unitIds);
  if (!query)
    return [
      `您任职的单位：`,
      ...names.map((n, i) => `${unitIds[i] === current || unitIds.length === 1 ? '▶' : '·'} ${n}`),
      '发送“单位 名称”切换。',
    ].join('\n');
  const hits = names.map((n, i) => ({ n, id: unitIds[i]! })).filter((x) => x.n.includes(query));
  if (hits.length !== 1)
    return hits.length
      ? `“${query}”对应多个单位：${hits.map((h) => h.n).join('、')}，请写得更具体。`
      : `您没有在“${query}”任职。发送“单位”查看您的单位。`;
  await deps.store.setCurrentUnit(account.channel, account.externalId, hits[0]!.id);
  return `已切换到 ${hits[0]!.n}。`;
}

/** 帮助, drawn from the command table: every command the asker's role may use, in table order. */
export function helpFor(a: Pick<Asker, 'role'>): string {
  const names = COMMAND_NAMES.filter((n) => {
    const roles = COMMAND_HELP[n].roles;
    return roles === undefined || roles.includes(a.role);
  });
  return [
    '我可以帮您：',
    ...names.map((n) => `· ${COMMAND_HELP[n].usage}　${COMMAND_HELP[n].summary}`),
    '卡片上的检查、报告和整改直接点选提交即可。',
  ].join('\n');
}

const deadlinesOf = (deps: Pick<CommandDeps, 'defaults'>): DeadlinePolicy =>
  deps.defaults.deadlines ?? DEFAULT_DEADLINES;
