/**
 * 检验 <设备> <下次检验日期> 合格|不合格 [报告编号]: the director records a 定期检验's result.
 * 合格: the device's 下次检验日期 becomes the report's (reminders start again from it). 不合格:
 * the device is paused (特种设备安全法第四十条: 检验不合格的特种设备不得继续使用); a date, when
 * given, is the 复检's and reminded of like any inspection. Either way a record goes into the chain.
 */
import type { Command } from '../../domain/commands/command.js';
import { dateWords, LAW_40 } from '../../domain/deadlines.js';
import { addDays, localDateOf } from '../../domain/local-time.js';
import { resolveTypedDate } from '../../domain/typed-date.js';
import { emptyBundle } from '../answer-bundle.js';
import { commitOrRefuse } from '../commit.js';
import type { ChatAccount } from './conversation.js';
import type { Asker } from './unit-scope.js';
import { pickDevice, type WriteDeps } from './write-commands.js';

export async function recordInspection(
  deps: WriteDeps,
  account: ChatAccount,
  a: Asker,
  cmd: Extract<Command, { name: 'inspection' }>,
  tz: string,
): Promise<string> {
  if (a.role !== 'director') return '只有安全总监可以登记定期检验结果。请把检验报告交给安全总监登记。';
  const d = await pickDevice(deps, account, a, cmd.device, cmd);
  if (typeof d === 'string') return d;
  if (d.status === 'scrapped') return `${d.name} 已报废，无需登记定期检验。`;
  const now = deps.clock.now();
  const today = localDateOf(now, tz);
  // 12月1日 without a year: the next 12月1日 (a 下次检验日期 lies ahead)
  const date = cmd.date ? resolveTypedDate(cmd.date, today, 'next') : undefined;
  if (date && date <= today)
    return (
      `下次检验日期须晚于今天（${dateWords(today)}）：请写检验报告上的下次检验日期，例如 检验 ${cmd.device} ${addDays(today, 365)}` +
      ` ${cmd.passed ? '合格' : '不合格'}`
    );

  const report = cmd.reportNo ? `（报告 ${cmd.reportNo}）` : '';
  const b = emptyBundle(a.unitId, a.unitKey, now);
  b.records.push({
    kind: 'inspection',
    taskKey: null,
    personId: a.personId,
    late: false,
    payload: {
      equipmentId: d.id,
      code: d.code,
      device: d.name,
      result: cmd.passed ? 'pass' : 'fail',
      previousNextInspectionDate: d.nextInspection,
      nextInspectionDate: date ?? null,
      reportNo: cmd.reportNo ?? null,
    },
  });
  if (date) b.inspectionDates = [{ equipmentId: d.id, nextInspectionDate: date }];
  const pause = !cmd.passed && d.status === 'in_use';
  if (pause)
    b.statusChanges.push({
      equipmentId: d.id,
      toStatus: 'paused',
      actorPersonId: a.personId,
      actor: a.name,
      reason: `定期检验不合格${report}：检验合格前不得继续使用`,
    });
  const r = await commitOrRefuse(deps.store, b, '');
  if (!r.ok) return r.message;

  if (cmd.passed) {
    const paused = d.status === 'paused' ? `\n${d.name} 目前临时停用；确认可以使用后请发送“启用 ${d.name}”。` : '';
    return `已登记 ${d.name} 定期检验合格${report}，下次检验日期 ${dateWords(date!)}，已记入履职记录。${paused}`;
  }
  const next = date ? `复检日期 ${dateWords(date)}，到期前会提醒。` : '请整改后申请复检。';
  const state = pause ? '设备已临时停用' : `设备目前为${d.status === 'paused' ? '临时停用' : '停用'}，请保持停用`;
  return (
    `已登记 ${d.name} 定期检验不合格${report}，${state}（${LAW_40}）。${next}复检合格后发送“检验 ${d.name} <下次检验日期> 合格”，` +
    `再发送“启用 ${d.name}”。`
  );
}
