/** Commands that change something: 停用/启用 (director), 上报隐患 (asks the level), 意见. */
import { HAZARD_LEVEL_LABELS, type HazardLevel } from '../../domain/answers/daily-answer.js';
import { EQUIPMENT_STATUS_LABELS } from '../../domain/model.js';
import { emptyBundle } from '../answer-bundle.js';
import { sendAdvice } from '../advice.js';
import { commitOrRefuse } from '../commit.js';
import type { EngineDeps } from '../engine-deps.js';
import type { DeviceState } from '../../domain/engine/snapshot.js';
import type { Ids } from '../ports.js';
import { reportHazard } from '../report-hazard.js';
import type { ChatAccount } from './handle-text.js';
import type { Asker } from './unit-scope.js';

export type WriteDeps = Pick<EngineDeps, 'store' | 'clock' | 'defaults'> & { ids: Ids };

/** One device by what was typed; otherwise the sentence to say (none found, or the candidates). */
export async function oneDevice(deps: WriteDeps, a: Asker, query: string): Promise<DeviceState | string> {
  const found = await deps.store.findDevices(a.unitId, query);
  if (found.length === 1) return found[0]!;
  if (found.length === 0) return `找不到设备“${query}”。发送“设备”查看设备名称。`;
  return [`“${query}”对应多台设备，请写得更具体：`, ...found.slice(0, 10).map((d) => `· ${d.name}（${d.code}）`)].join('\n');
}

export async function pauseOrResume(deps: WriteDeps, a: Asker, query: string, pause: boolean, reason: string): Promise<string> {
  if (a.role !== 'director') return `只有安全总监可以${pause ? '停用' : '启用'}设备。`;
  const d = await oneDevice(deps, a, query);
  if (typeof d === 'string') return d;
  if (pause && d.status !== 'in_use') return `${d.name} 目前为“${EQUIPMENT_STATUS_LABELS[d.status]}”，无需停用。`;
  if (!pause && d.status === 'in_use') return `${d.name} 已在用，无需启用。`;
  if (!pause && d.status === 'scrapped') return `${d.name} 已报废，不能启用。`;
  if (!pause) {
    const open = (await deps.store.listHazards(a.unitId, true)).filter((h) => h.equipmentId === d.id && h.level !== 'general');
    if (open.length) return `${d.name} 还有未核实的${HAZARD_LEVEL_LABELS[open[0]!.level]}隐患（${open[0]!.description}），核实整改后才能启用。`;
  }
  const b = emptyBundle(a.unitId, a.unitKey, deps.clock.now());
  const toStatus = pause ? 'paused' : 'in_use';
  const why = pause ? reason.trim() : reason.trim() || '安全总监启用';
  b.statusChanges.push({ equipmentId: d.id, toStatus, actorPersonId: a.personId, actor: a.name, reason: why });
  b.records.push({ kind: 'status_change', taskKey: null, personId: a.personId, late: false, payload: { equipmentId: d.id, code: d.code, from: d.status, to: toStatus, reason: why } });
  const r = await commitOrRefuse(deps.store, b, '');
  if (!r.ok) return r.message;
  return pause ? `已停用 ${d.name}（原因：${why}），已记入设备状态记录。` : `已启用 ${d.name}，已记入设备状态记录。`;
}

export async function startHazardReport(deps: WriteDeps, account: ChatAccount, a: Asker, query: string, description: string): Promise<string> {
  const d = await oneDevice(deps, a, query);
  if (typeof d === 'string') return d;
  await deps.store.setConversation(account.channel, account.externalId, { kind: 'report_level', data: { unitId: a.unitId, equipmentId: d.id, device: d.name, description }, expiresAt: new Date(deps.clock.now().getTime() + 15 * 60_000) });
  return `上报 ${d.name}：${description}\n请回复隐患等级：1 一般 / 2 严重 / 3 重大\n（严重、重大隐患将立即停用该设备，并通知安全总监和主要负责人；回复“取消”放弃）`;
}

const LEVELS: Record<string, HazardLevel> = { '1': 'general', 一般: 'general', general: 'general', '2': 'serious', 严重: 'serious', serious: 'serious', '3': 'major', 重大: 'major', major: 'major' };

/** The answer to “请回复隐患等级”: the report is filed, or cancelled; null when the text is something else. */
export async function finishHazardReport(deps: WriteDeps, account: ChatAccount, actorId: string, data: { unitId: string; equipmentId: string; device: string; description: string }, text: string): Promise<string | null> {
  const t = text.trim().toLowerCase();
  if (t === '取消' || t === 'cancel') {
    await deps.store.setConversation(account.channel, account.externalId, null);
    return '已取消上报。';
  }
  const level = LEVELS[t];
  if (!level) return null;
  await deps.store.setConversation(account.channel, account.externalId, null);
  const r = await reportHazard(deps, { actorId, unitId: data.unitId, equipmentId: data.equipmentId, level, description: data.description, measures: '', stoppedUse: level !== 'general' });
  if (!r.ok) return r.message;
  return `已上报${HAZARD_LEVEL_LABELS[level]}隐患：${data.device} ${data.description}${level === 'general' ? '。请在期限内整改。' : '。设备已停用，安全总监和主要负责人已收到通知。'}`;
}

export async function advice(deps: WriteDeps, a: Asker, content: string): Promise<string> {
  const r = await sendAdvice(deps, a.personId, a.unitId, content);
  return r.ok ? `意见建议${r.value.line}。` : r.message;
}
