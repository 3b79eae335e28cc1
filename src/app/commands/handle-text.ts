/**
 * Typed text → the reply, whatever the channel: a pending question first (上报隐患 waits for a
 * level), then the pure parser, then binding, then the asker's unit and role, then the command.
 * Every answer is Chinese, short, and shows only what the asker may see. Nothing here throws to
 * the channel: an unexpected failure becomes a kind sentence (and a log line with ids).
 */
import { COMMAND_HELP, parseCommand, type Command, type CommandName } from '../../domain/commands/parse-command.js';
import type { Logger } from '../ports.js';
import { inviteDigest } from './invite.js';
import { devicesList, hazards, overdue, periodNumbers, today, whoami } from './read-commands.js';
import { askerIn, type Asker } from './unit-scope.js';
import { advice, finishHazardReport, pauseOrResume, startHazardReport, type WriteDeps } from './write-commands.js';
import { exportCommand, type Reply } from './export-command.js';
import type { ExportDeps } from '../export-report.js';

export type { Reply } from './export-command.js';

export interface ChatAccount {
  channel: 'feishu' | 'telegram';
  externalId: string;
}

export type CommandDeps = WriteDeps & { log: Logger; writers: ExportDeps['writers'] };

const BIND_HELP = '您的账号尚未绑定。请向管理员索取邀请码，然后发送“绑定 邀请码”，例如：绑定 AB12CD34';

export async function handleText(deps: CommandDeps, account: ChatAccount, text: string): Promise<Reply> {
  try {
    const r = await route(deps, account, text);
    return typeof r === 'string' ? { text: r } : r;
  } catch (e) {
    deps.log.error({ err: e, channel: account.channel, externalId: account.externalId }, 'command failed');
    return { text: '抱歉，处理时出错了，请稍后再试；如一直出错请联系管理员。' };
  }
}

async function route(deps: CommandDeps, account: ChatAccount, text: string): Promise<string | Reply> {
  const now = deps.clock.now();
  const ident = await deps.store.identityOf(account.channel, account.externalId);
  if (ident) {
    const conv = await deps.store.getConversation(account.channel, account.externalId, now);
    if (conv?.kind === 'report_level') {
      const done = await finishHazardReport(deps, account, ident.personId, conv.data as never, text);
      if (done) return done;
    }
  }
  const parsed = parseCommand(text);
  if (!parsed.ok) return parsed.error === 'unknown' || parsed.error === 'empty' ? `${parsed.message}${ident ? '' : `\n${BIND_HELP}`}` : parsed.message;
  const cmd = parsed.command;
  if (cmd.name === 'bind') return bind(deps, account, cmd.code, now);
  if (!ident) return cmd.name === 'help' ? `我是 SafeDuty 特种设备安全助手。\n${BIND_HELP}` : BIND_HELP;

  const person = (await deps.store.findPeople(ident.personId))[0];
  const unitIds = [...new Set(person?.roles.map((r) => r.unitId) ?? [])];
  if (!person || unitIds.length === 0) return '您目前在任何单位都没有职务，如有疑问请联系管理员。';
  if (cmd.name === 'unit') return chooseUnit(deps, account, unitIds, ident.currentUnitId, cmd.query);
  const unitId = unitIds.length === 1 ? unitIds[0]! : unitIds.find((u) => u === ident.currentUnitId);
  if (!unitId) return `您在 ${unitIds.length} 个单位任职：${(await unitNames(deps, unitIds)).join('、')}。\n请先发送“单位 名称”选择要查看的单位。`;
  const asker = askerIn(person, unitId)!;
  const ctx = await deps.store.loadUnitContext(unitId);
  const tz = ctx?.unit.timeZone ?? 'Asia/Shanghai';
  return run(deps, account, asker, cmd, { tz, unitName: ctx?.unit.name ?? '', mobile: person.mobile });
}

async function run(deps: CommandDeps, account: ChatAccount, a: Asker, cmd: Command, info: { tz: string; unitName: string; mobile: string }): Promise<string | Reply> {
  const r = { store: deps.store, now: deps.clock.now(), tz: info.tz };
  switch (cmd.name) {
    case 'help':
      return helpFor(a);
    case 'today':
      return today(r, a, cmd.page);
    case 'overdue':
      return overdue(r, a, cmd.page);
    case 'hazards':
      return hazards(r, a, cmd.scope, cmd.device, cmd.page);
    case 'report_hazard':
      return startHazardReport(deps, account, a, cmd.device, cmd.description);
    case 'week':
      return periodNumbers(r, a, 'weekly');
    case 'month':
      return periodNumbers(r, a, 'monthly');
    case 'devices':
      return devicesList(r, a, cmd.category, cmd.page);
    case 'pause':
      return pauseOrResume(deps, a, cmd.device, true, cmd.reason);
    case 'resume':
      return pauseOrResume(deps, a, cmd.device, false, '');
    case 'advice':
      return advice(deps, a, cmd.content);
    case 'whoami':
      return whoami(a, info.unitName, info.mobile);
    case 'export':
      return exportCommand({ store: deps.store, clock: deps.clock, writers: deps.writers }, a, info.tz, cmd.args);
    case 'bind':
    case 'unit':
      return '';
  }
}

async function bind(deps: CommandDeps, account: ChatAccount, code: string, now: Date): Promise<string> {
  const person = await deps.store.redeemInvite(inviteDigest(code), account.channel, account.externalId, now);
  if (!person) return '邀请码无效或已过期（有效期 24 小时，只能使用一次）。请向管理员索取新的邀请码。';
  deps.log.info({ personId: person.id, channel: account.channel }, 'chat account bound');
  return `绑定成功！${person.name}，您好。之后需要您完成的检查、报告和隐患整改会发到这里。发送“帮助”查看可用命令。`;
}

async function unitNames(deps: CommandDeps, ids: string[]): Promise<string[]> {
  return Promise.all(ids.map(async (id) => (await deps.store.loadUnitContext(id))?.unit.name ?? id));
}

async function chooseUnit(deps: CommandDeps, account: ChatAccount, unitIds: string[], current: string | null, query?: string): Promise<string> {
  const names = await unitNames(deps, unitIds);
  if (!query) return [`您任职的单位：`, ...names.map((n, i) => `${unitIds[i] === current || unitIds.length === 1 ? '▶' : '·'} ${n}`), '发送“单位 名称”切换。'].join('\n');
  const hits = names.map((n, i) => ({ n, id: unitIds[i]! })).filter((x) => x.n.includes(query));
  if (hits.length !== 1) return hits.length ? `“${query}”对应多个单位：${hits.map((h) => h.n).join('、')}，请写得更具体。` : `您没有在“${query}”任职。发送“单位”查看您的单位。`;
  await deps.store.setCurrentUnit(account.channel, account.externalId, hits[0]!.id);
  return `已切换到 ${hits[0]!.n}。`;
}

const FOR_ALL: CommandName[] = ['today', 'overdue', 'hazards', 'report_hazard', 'week', 'month', 'devices', 'whoami', 'unit', 'help'];

function helpFor(a: Asker): string {
  const names: CommandName[] = [...FOR_ALL];
  if (a.role === 'director') names.push('pause', 'resume');
  if (a.role !== 'principal') names.push('advice');
  names.push('export');
  return ['我可以帮您：', ...names.map((n) => `· ${COMMAND_HELP[n].usage}　${COMMAND_HELP[n].summary}`), '卡片上的检查、报告和整改直接点选提交即可。'].join('\n');
}
