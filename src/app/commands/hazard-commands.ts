/**
 * The hazard commands: whatever a hazard card asks, typed. 整改 (the assignee), 研判 and 核实 (the
 * director or principal), 转交 and 延期 (the director or principal). A hazard is named by its 隐患号
 * or by its device; a device with several open hazards is answered with their numbers.
 */
import { HAZARD_LEVEL_LABELS } from '../../domain/answers/daily-answer.js';
import { HAZARD_STATE_LABELS, type HazardState } from '../../domain/answers/hazard-rules.js';
import type { Command } from '../../domain/commands/command.js';
import type { HazardTarget } from '../../domain/commands/hazard-arguments.js';
import { addDays, atLocal, localDateOf, localTimeOf } from '../../domain/local-time.js';
import { resolveTypedDate } from '../../domain/typed-date.js';
import {
  afterPhotoRequired,
  confirmHazard,
  extendHazard,
  hasAfterPhoto,
  reassignHazard,
  rectifyHazard,
  verifyHazard,
} from '../hazard-actions.js';
import type { Outcome } from '../outcome.js';
import type { HazardRow, HazardStep } from '../ports.js';
import { nameOf } from '../unit-people.js';
import type { ChatAccount } from './conversation.js';
import { lookUp } from './device-lookup.js';
import { when } from './format.js';
import { type Asker, isManager } from './unit-scope.js';
import { type WriteDeps, withPhotos } from './write-commands.js';

type HazardCommand = Extract<
  Command,
  { name: 'rectify' | 'verify' | 'confirm_hazard' | 'reassign' | 'extend' | 'photo' }
>;

/** Which hazards of a device a command can mean: the states it acts on. */
const ACTS_ON: Record<HazardCommand['name'], readonly string[]> = {
  rectify: ['open', 'rectifying'],
  verify: ['rectified'],
  confirm_hazard: ['open'],
  reassign: ['open', 'rectifying'],
  extend: ['open', 'rectifying'],
  photo: ['open', 'rectifying', 'rectified'],
};

const WHAT: Record<HazardCommand['name'], string> = {
  rectify: '待整改',
  verify: '待核实',
  confirm_hazard: '待研判',
  reassign: '整改中',
  extend: '整改中',
  photo: '未关闭',
};

const label = (h: HazardRow): string =>
  `#${h.no ?? '?'}【${HAZARD_LEVEL_LABELS[h.level]}】${h.description.slice(0, 30)} ` +
  `· ${HAZARD_STATE_LABELS[h.state as HazardState] ?? h.state}`;

/** The hazard a command names, or the sentence to say (none, or which numbers to choose from). */
async function resolve(
  deps: WriteDeps,
  a: Asker,
  target: HazardTarget,
  cmd: HazardCommand['name'],
): Promise<HazardRow | string> {
  if ('no' in target) {
    const h = await deps.store.hazardByNo(a.unitId, target.no);
    return h ?? `本单位没有隐患号 ${target.no}。发送“隐患”查看未关闭隐患的隐患号。`;
  }
  // The device as people say it; when the words fit several devices, their hazards are pooled.
  const found = lookUp(await deps.store.listDevices(a.unitId, null), a, target.device);
  if (!found.ok) return found.message;
  const ids = new Set(found.devices.map((x) => x.id));
  const d = { name: found.devices.length === 1 ? found.devices[0]!.name : `“${target.device}”` };
  const open = (await deps.store.listHazards(a.unitId, true)).filter(
    (h) => h.equipmentId !== null && ids.has(h.equipmentId),
  );
  const fitting = open.filter((h) => ACTS_ON[cmd].includes(h.state));
  // An officer's 整改 means the hazards they rectify; a director's, any.
  const mine = cmd === 'rectify' ? fitting.filter((h) => h.assigneeId === a.personId) : fitting;
  const choose = mine.length ? mine : fitting;
  if (choose.length === 1) return choose[0]!;
  if (choose.length === 0) {
    if (open.length === 0) return `${d.name} 没有未关闭的隐患。`;
    return [
      `${d.name} 没有${WHAT[cmd]}的隐患。它的未关闭隐患：`,
      ...open.slice(0, 10).map((h) => `· ${label(h)}`),
    ].join('\n');
  }
  return [
    `${d.name} 有 ${choose.length} 条${WHAT[cmd]}的隐患，请写隐患号，例如“${exampleOf(cmd, choose[0]!.no)}”：`,
    ...choose.slice(0, 10).map((h) => `· ${label(h)}`),
  ].join('\n');
}

function exampleOf(cmd: HazardCommand['name'], no: number | null): string {
  const n = no ?? '隐患号';
  return {
    rectify: `整改 ${n} 整改情况`,
    verify: `核实 ${n} 通过`,
    confirm_hazard: `研判 ${n} 研判意见`,
    reassign: `转交 ${n} 姓名`,
    extend: `延期 ${n} 3天 原因`,
    photo: `照片 ${n}`,
  }[cmd];
}

const say = (o: Outcome<string>): string => (o.ok ? `${o.value}。` : o.message);

export async function hazardCommand(
  deps: WriteDeps,
  account: ChatAccount,
  a: Asker,
  cmd: HazardCommand,
  tz: string,
): Promise<string> {
  const h = await resolve(deps, a, cmd.target, cmd.name);
  if (typeof h === 'string') return h;
  switch (cmd.name) {
    case 'rectify': {
      const o = await rectifyHazard(deps, a.personId, h.id, cmd.text);
      return withPhotos(deps, account, o, say(o));
    }
    case 'verify':
      return say(await verifyHazard(deps, a.personId, h.id, cmd.accepted, cmd.comment));
    case 'confirm_hazard':
      return say(await confirmHazard(deps, a.personId, h.id, cmd.note));
    case 'reassign': {
      const ctx = await deps.store.loadUnitContext(a.unitId);
      const people = ctx?.people ?? [];
      const exact = people.filter((p) => p.name === cmd.person);
      const hits = exact.length ? exact : people.filter((p) => p.name.includes(cmd.person));
      if (hits.length !== 1)
        return hits.length
          ? `“${cmd.person}”对应多人：${hits.map((p) => p.name).join('、')}，请写全名。`
          : `本单位没有“${cmd.person}”。请写接手人的姓名，例如：${exampleOf('reassign', h.no)}。`;
      return say(await reassignHazard(deps, a.personId, h.id, hits[0]!.id, cmd.reason));
    }
    case 'photo':
      return photosFor(deps, account, a, h);
    case 'extend':
      return say(
        await extendHazard(
          deps,
          a.personId,
          h.id,
          newDeadline(h.deadline, cmd.until, tz, deps.clock.now()),
          cmd.reason,
        ),
      );
  }
}

/**
 * 照片 <隐患号>: a photo step for a hazard opened again, when the one after the report or the
 * rectification expired or was skipped. The photos are evidence of the stage the hazard is in
 * (发现 while open, 整改 once it is being rectified). Its reporter, the person rectifying it and
 * the unit's director or principal may add them; a closed hazard takes no more.
 */
async function photosFor(deps: WriteDeps, account: ChatAccount, a: Asker, row: HazardRow): Promise<string> {
  const h = await deps.store.loadHazardContext(row.id);
  if (!h) return `本单位没有隐患号 ${row.no ?? ''}。发送“隐患”查看未关闭隐患的隐患号。`;
  const no = `隐患#${h.hazard.no ?? ''}`;
  if (h.hazard.state === 'verified') return `${no}已核实关闭，不能再补充照片。`;
  const own = h.hazard.reporterId === a.personId || h.hazard.assigneeId === a.personId;
  if (!own && !isManager(a))
    return `${no}由 ${nameOf(h.ctx, h.hazard.reporterId)} 上报、${nameOf(h.ctx, h.hazard.assigneeId)} 整改：只有他们或安全总监可以补充照片。`;
  if (!deps.askPhotos) return '本服务未开启照片证据功能，无法保存照片。';
  const stage = h.hazard.state === 'open' ? 'found' : 'rectified';
  const required = stage === 'rectified' && afterPhotoRequired(h.hazard.level) && !(await hasAfterPhoto(deps.store, h));
  return deps.askPhotos(account, {
    unitId: h.ctx.unit.id,
    unitKey: h.ctx.unit.key,
    hazardIds: [h.hazard.id],
    stage,
    required,
    again: true,
  });
}

/**
 * “3天” from the current deadline (same time of day); a date at the
 * current deadline's time (without a year: the next such day).
 */
export function newDeadline(
  current: Date,
  until: Extract<HazardCommand, { name: 'extend' }>['until'],
  tz: string,
  now: Date,
): Date {
  const time = localTimeOf(current, tz);
  if ('days' in until) return atLocal(addDays(localDateOf(current, tz), until.days), time, tz);
  return atLocal(resolveTypedDate(until.date, localDateOf(now, tz), 'next'), time, tz);
}

const STEP_LABELS: Record<string, string> = {
  daily_check: '日管控发现',
  hazard_report: '上报',
  hazard_confirmed: '研判',
  hazard_rectified: '提交整改',
  hazard_rework: '退回整改',
  hazard_verified: '核实通过',
  hazard_reassigned: '转交',
  hazard_extended: '延期',
  hazard_extension_requested: '申请延期',
};

function stepLine(s: HazardStep, tz: string, now: Date): string {
  const p = s.payload as Record<string, string | undefined>;
  const detail =
    s.kind === 'hazard_confirmed'
      ? p.note
      : s.kind === 'hazard_rectified'
        ? p.rectification
        : s.kind === 'hazard_rework'
          ? p.comment
          : s.kind === 'hazard_reassigned'
            ? `${p.from ?? ''} → ${p.to ?? ''}${p.reason ? `：${p.reason}` : ''}`
            : s.kind === 'hazard_extended' || s.kind === 'hazard_extension_requested'
              ? `期限延至 ${p.toDeadline ? when(new Date(p.toDeadline), tz, now) : ''}：${p.reason ?? ''}`
              : '';
  return (
    `· ${when(s.at, tz, now)} ${s.person} ${STEP_LABELS[s.kind] ?? s.kind}${detail ? `：${detail}` : ''}` +
    `（记录 ${s.seq}）`
  );
}

/** 隐患 <隐患号>: the whole hazard (full text, which cards may shorten) and its history from the record chain. */
export async function hazardDetail(
  deps: Pick<WriteDeps, 'store' | 'clock'>,
  a: Asker,
  no: number,
  tz: string,
): Promise<string> {
  const row = await deps.store.hazardByNo(a.unitId, no);
  const h = row ? await deps.store.loadHazardContext(row.id) : null;
  if (!row || !h) return `本单位没有隐患号 ${no}。发送“隐患”查看未关闭隐患的隐患号。`;
  const own =
    h.hazard.assigneeId === a.personId || h.hazard.reporterId === a.personId || h.ctx.device?.officerId === a.personId;
  if (!isManager(a) && !own) return `隐患 #${no} 不在您负责的设备或事项中；如需了解，请联系安全总监。`;
  const now = deps.clock.now();
  const name = (id: string) => h.ctx.people.find((p) => p.id === id)?.name ?? '（未知）';
  const steps = await deps.store.hazardHistory(a.unitId, row.id);
  return [
    `隐患 #${no}【${HAZARD_LEVEL_LABELS[h.hazard.level]}】` +
      `${HAZARD_STATE_LABELS[h.hazard.state as HazardState] ?? h.hazard.state}` +
      `${h.ctx.device ? ` · ${h.ctx.device.name}` : ''}`,
    `问题：${h.hazard.description}`,
    `措施：${h.hazard.measures || '无'}${h.hazard.stoppedUse ? '（已停止使用）' : ''}`,
    `上报：${name(h.hazard.reporterId)} · 整改：${name(h.hazard.assigneeId)} · 期限 ${when(h.hazard.deadline, tz, now)}`,
    ...(h.hazard.rectification ? [`整改情况：${h.hazard.rectification}`] : []),
    '经过：',
    ...steps.map((s) => stepLine(s, tz, now)),
  ].join('\n');
}
