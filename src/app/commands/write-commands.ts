/** Commands that change something: 停用/启用 (director), 上报隐患 (asks the level), 意见. */
import { HAZARD_LEVEL_LABELS, type HazardLevel } from '../../domain/answers/daily-answer.js';
import type { Command } from '../../domain/commands/command.js';
import { EQUIPMENT_STATUS_LABELS } from '../../domain/model.js';
import { sendAdvice } from '../advice.js';
import { emptyBundle } from '../answer-bundle.js';
import { commitOrRefuse } from '../commit.js';
import type { EngineDeps } from '../engine-deps.js';
import type { PhotoAsk, PhotoDeps } from '../evidence/photo-flow.js';
import type { Outcome } from '../outcome.js';
import type { AnswersStore, DeviceRow, Ids, InboxStore, QueriesStore } from '../ports.js';
import { reportHazard } from '../report-hazard.js';
import { ask, type ChatAccount, type CommandSettings, forget, type HazardDraft } from './conversation.js';
import { choiceLines, lookUp, MAX_CHOICES } from './device-lookup.js';
import type { Asker } from './unit-scope.js';
import { putAside } from './waiting.js';

export type WriteDeps = Pick<EngineDeps<AnswersStore & InboxStore & QueriesStore>, 'store' | 'clock' | 'defaults'> & {
  ids: Ids;
  settings?: Partial<CommandSettings> | undefined;
  /**
   * opens the photo step after a report or a rectification
   * (app/evidence); returns the question. Absent: no photos asked.
   */
  askPhotos?: ((account: ChatAccount, ask: PhotoAsk) => Promise<string>) | undefined;
  /** photos are kept as evidence: 核实 then needs a required 整改后 photo (hazard-actions.ts) */
  evidence?: object | undefined;
  /** photos of a step put aside by a command question are saved (waiting.ts): their prompts are then redrawn */
  photosRecorded?: PhotoDeps['photosRecorded'];
};

/** The reply, followed by the photo question when the outcome asks for photos. */
export async function withPhotos(
  deps: WriteDeps,
  account: ChatAccount,
  o: Outcome<unknown>,
  reply: string,
): Promise<string> {
  return o.ok && o.photos && deps.askPhotos ? `${reply}\n${await deps.askPhotos(account, o.photos)}` : reply;
}

/**
 * The one device a write command acts on, by what was typed. Several candidates: they are listed
 * by number and the command waits for the choice (then runs again with the chosen 设备代码).
 */
export async function pickDevice(
  deps: WriteDeps,
  account: ChatAccount,
  a: Asker,
  query: string,
  command: Command,
): Promise<DeviceRow | string> {
  const found = lookUp(await deps.store.listDevices(a.unitId, null), a, query);
  if (!found.ok) return found.message;
  const [first, ...rest] = found.devices;
  if (first && rest.length === 0) return first;
  if (found.devices.length > MAX_CHOICES) return oneDevice(deps, a, query);
  const shown = found.devices;
  const aside = await putAside(deps, account, { kind: 'question' });
  await ask(deps, account, {
    kind: 'choose_device',
    command,
    candidates: shown.map((d) => ({ code: d.code, name: d.name })),
  });
  const lines = [
    `“${query}”对应 ${shown.length} 台设备，请回复序号选择：`,
    ...choiceLines(shown),
    '（回复“取消”放弃）',
  ];
  return `${aside}${lines.join('\n')}`;
}

/**
 * The one device a query names, without a follow-up question: several candidates are listed with
 * a request to be more specific (for commands that cannot wait for a choice).
 */
export async function oneDevice(deps: WriteDeps, a: Asker, query: string): Promise<DeviceRow | string> {
  const found = lookUp(await deps.store.listDevices(a.unitId, null), a, query);
  if (!found.ok) return found.message;
  if (found.devices.length === 1) return found.devices[0]!;
  return [
    `“${query}”对应 ${found.devices.length} 台设备，请写得更具体（例如带上楼号、编号或设备代码后几位）：`,
    ...choiceLines(found.devices.slice(0, MAX_CHOICES)),
  ].join('\n');
}

export async function pauseOrResume(
  deps: WriteDeps,
  account: ChatAccount,
  a: Asker,
  cmd: Extract<Command, { name: 'pause' | 'resume' }>,
): Promise<string> {
  const pause = cmd.name === 'pause';
  if (a.role !== 'director') return `只有安全总监可以${pause ? '停用' : '启用'}设备。`;
  const d = await pickDevice(deps, account, a, cmd.device, cmd);
  if (typeof d === 'string') return d;
  if (pause && d.status !== 'in_use') return `${d.name} 目前为“${EQUIPMENT_STATUS_LABELS[d.status]}”，无需停用。`;
  if (!pause && d.status === 'in_use') return `${d.name} 已在用，无需启用。`;
  if (!pause && d.status === 'scrapped') return `${d.name} 已报废，不能启用。`;
  if (!pause) {
    const open = (await deps.store.listHazards(a.unitId, true)).filter(
      (h) => h.equipmentId === d.id && h.level !== 'general',
    );
    if (open.length)
      return `${d.name} 还有未核实的${HAZARD_LEVEL_LABELS[open[0]!.level]}隐患（${open[0]!.description}），核实整改后才能启用。`;
  }
  const b = emptyBundle(a.unitId, a.unitKey, deps.clock.now());
  const toStatus = pause ? 'paused' : 'in_use';
  const why = pause ? cmd.reason.trim() : '安全总监启用';
  b.statusChanges.push({ equipmentId: d.id, toStatus, actorPersonId: a.personId, actor: a.name, reason: why });
  b.records.push({
    kind: 'status_change',
    taskKey: null,
    personId: a.personId,
    late: false,
    payload: { equipmentId: d.id, code: d.code, from: d.status, to: toStatus, reason: why },
  });
  const r = await commitOrRefuse(deps.store, b, '');
  if (!r.ok) return r.message;
  return pause ? `已停用 ${d.name}（原因：${why}），已记入设备状态记录。` : `已启用 ${d.name}，已记入设备状态记录。`;
}

export const LEVEL_QUESTION = '请回复隐患等级：1 一般 / 2 严重 / 3 重大';

export async function startHazardReport(
  deps: WriteDeps,
  account: ChatAccount,
  a: Asker,
  cmd: Extract<Command, { name: 'report_hazard' }>,
): Promise<string> {
  const d = await pickDevice(deps, account, a, cmd.device, cmd);
  if (typeof d === 'string') return d;
  const aside = await putAside(deps, account, { kind: 'question' });
  await ask(deps, account, {
    kind: 'report_level',
    unitId: a.unitId,
    equipmentId: d.id,
    device: d.name,
    description: cmd.description,
  });
  return `${aside}上报 ${d.name}：${cmd.description}\n${LEVEL_QUESTION}\n（严重、重大隐患将立即停用该设备，并通知安全总监和主要负责人；回复“取消”放弃）`;
}

/** Files a reported hazard at the chosen level (the question is answered, so it is forgotten first). */
export async function fileHazard(
  deps: WriteDeps,
  account: ChatAccount,
  actorId: string,
  draft: HazardDraft,
  level: HazardLevel,
): Promise<string> {
  await forget(deps, account);
  const r = await reportHazard(deps, {
    actorId,
    unitId: draft.unitId,
    equipmentId: draft.equipmentId,
    level,
    description: draft.description,
    measures: '',
    stoppedUse: level !== 'general',
  });
  if (!r.ok) return r.message;
  return withPhotos(
    deps,
    account,
    r,
    `已上报${HAZARD_LEVEL_LABELS[level]}隐患：${draft.device}` +
      ` ${draft.description}${level === 'general' ? '。请在期限内整改。' : '。设备已停用，安全总监和主要负责人已收到通知。'}`,
  );
}

export async function advice(deps: WriteDeps, a: Asker, content: string): Promise<string> {
  const r = await sendAdvice(deps, a.personId, a.unitId, content);
  return r.ok ? `意见建议${r.value.line}。` : r.message;
}
