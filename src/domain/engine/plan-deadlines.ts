/**
 * Deadline notices, decided once a day when the planner opens the day (plan-tick.ts):
 *
 * - 定期检验: from each device's 下次检验日期, the director hears `remind` days before (30 by
 *   default), the director and the principal `escalate` days before (7), on the day, and once after
 *   it (the device must not be used until inspected: 特种设备安全法第四十条);
 * - certificates: the holder and the director at the same stages of its expiry;
 * - the record chain's head goes to the principal whenever it moved since the last one (an anchor
 *   kept outside the database: `safeduty verify --anchor`).
 *
 * Devices (or certificates) with the same date share one message per recipient and stage. Keys
 * carry the date and the stage, so each stage is said once, whatever the ticks and instances; a
 * stage crossed while the service was down is said when it next opens a day, the earlier ones
 * skipped. Deadline notices wait for an operating day (a working-days unit hears of a Sunday date
 * on Monday) and, like every non-urgent message, through quiet hours. Pure.
 */
import { DEADLINE_STAGES, type DeadlineState, dateWords, daysLeftWords, deadlineStage, LAW_40 } from '../deadlines.js';
import type { LocalDate } from '../local-time.js';
import type { Category } from '../model.js';
import { messageKey } from './keys.js';
import type { DeadlineNotice, Payload } from './payloads.js';
import { DEFAULT_DEADLINES } from './policy.js';
import { deliverAfter } from './quiet-hours.js';
import type { CertificateState, DeviceState, NewMessage, UnitSnapshot } from './snapshot.js';

export function planDeadlines(u: UnitSnapshot, today: LocalDate, operating: boolean, now: Date): NewMessage[] {
  const out = anchorMessages(u, today, now);
  if (!operating) return out;
  return [...out, ...inspectionMessages(u, today, now), ...certificateMessages(u, today, now)];
}

const principals = (u: Pick<UnitSnapshot, 'roles'>): string[] => [
  ...new Set(u.roles.filter((r) => r.role === 'principal').map((r) => r.personId)),
];

const directorsFor = (u: Pick<UnitSnapshot, 'roles'>, category: Category | null): string[] => [
  ...new Set(
    u.roles
      .filter(
        (r) =>
          r.role === 'director' && (category === null || r.categories.length === 0 || r.categories.includes(category)),
      )
      .map((r) => r.personId),
  ),
];

function notice(
  u: UnitSnapshot,
  group: string,
  level: number,
  personId: string,
  payload: Payload,
  now: Date,
): NewMessage {
  return {
    key: messageKey(u.key, group, 'notice', level, personId),
    group,
    personId,
    chatId: null,
    purpose: 'notice',
    urgent: false,
    payload,
    taskKeys: [],
    notBefore: deliverAfter(now, false, u.policy.quietHours, u.policy.timeZone),
  };
}

function anchorMessages(u: UnitSnapshot, today: LocalDate, now: Date): NewMessage[] {
  const head = u.chainHead;
  if (!head) return [];
  const anchor = `${u.key}:${head.seq}:${head.hash}`;
  const text = [
    `【记录链锚点】截至 ${dateWords(today)}，本单位共 ${head.seq} 条履职记录。请保留本消息，勿删除：`,
    anchor,
    `日后可用 safeduty verify --anchor ${anchor} 核验数据库中的记录未被删除或改写。`,
  ].join('\n');
  // Keyed by the head's position: a day without new records adds no message.
  return principals(u).map((p) =>
    notice(
      u,
      `anchor:${head.seq}`,
      1,
      p,
      {
        type: 'notice',
        unitName: u.name,
        text,
        anchor: { unitKey: u.key, seq: head.seq, hash: head.hash, date: today },
      },
      now,
    ),
  );
}

/** Who hears of a stage: the director from the first reminder, the principal from the escalation on. */
const withPrincipal = (s: DeadlineState) => s.stage !== 'remind';

function inspectionMessages(u: UnitSnapshot, today: LocalDate, now: Date): NewMessage[] {
  const days = (u.policy.deadlines ?? DEFAULT_DEADLINES).inspection;
  const byDate = new Map<string, { state: DeadlineState; devices: DeviceState[] }>();
  for (const d of u.devices) {
    // A stopped device is not used, so its inspection may wait; in use or paused, it is due.
    if (d.status !== 'in_use' && d.status !== 'paused') continue;
    const state = deadlineStage(d.nextInspectionDate, today, days);
    if (!state) continue;
    const g = byDate.get(d.nextInspectionDate!) ?? { state, devices: [] };
    g.devices.push(d);
    byDate.set(d.nextInspectionDate!, g);
  }
  const out: NewMessage[] = [];
  for (const [date, { state, devices }] of byDate) {
    const level = DEADLINE_STAGES.indexOf(state.stage) + 1;
    const recipients = new Map<string, DeviceState[]>();
    for (const d of devices.sort((a, b) => a.code.localeCompare(b.code))) {
      const to = [...directorsFor(u, d.category), ...(withPrincipal(state) ? principals(u) : [])];
      for (const p of to) recipients.set(p, [...(recipients.get(p) ?? []), d]);
    }
    for (const [personId, list] of recipients) {
      const fact: DeadlineNotice = {
        subject: 'inspection',
        stage: state.stage,
        date,
        daysLeft: state.daysLeft,
        items: list.map((d) => ({ equipmentId: d.id, code: d.code, device: d.name })),
      };
      out.push(
        notice(
          u,
          `inspection:${date}`,
          level,
          personId,
          { type: 'notice', unitName: u.name, text: inspectionText(fact), deadlineFact: fact },
          now,
        ),
      );
    }
  }
  return out;
}

const HEADLINES: Record<DeadlineNotice['stage'], { inspection: string; certificate: string }> = {
  remind: { inspection: '【定期检验提醒】', certificate: '【证书到期提醒】' },
  escalate: { inspection: '【定期检验即将到期】', certificate: '【证书即将到期】' },
  due: { inspection: '【定期检验今天到期】', certificate: '【证书今天到期】' },
  overdue: { inspection: '【定期检验已过期】', certificate: '【证书已过期】' },
};

function inspectionText(f: DeadlineNotice): string {
  const list = f.items.map((i) => `· ${i.device}（${i.code}）`).join('\n');
  const what =
    f.stage === 'overdue'
      ? `以下设备已超过下次检验日期（${dateWords(f.date)}，${daysLeftWords(f.daysLeft)}）`
      : `以下设备的下次检验日期为 ${dateWords(f.date)}（${daysLeftWords(f.daysLeft)}）`;
  const ask =
    f.stage === 'overdue'
      ? `未经定期检验不得继续使用（${LAW_40}）：请立即停用并申报检验。`
      : f.stage === 'due'
        ? `明天起未经定期检验不得继续使用（${LAW_40}）。`
        : '请及时向检验机构申报定期检验。';
  return (
    `${HEADLINES[f.stage].inspection}${what}：\n${list}\n${ask}\n检验后发送“检验 <设备> <下次检验日期> 合格 [报告编号]”` +
    `登记结果（不合格：“检验 <设备> <日期> 不合格”，设备将停用）。`
  );
}

function certificateMessages(u: UnitSnapshot, today: LocalDate, now: Date): NewMessage[] {
  const days = (u.policy.deadlines ?? DEFAULT_DEADLINES).certificate;
  const byDate = new Map<string, { state: DeadlineState; certs: CertificateState[] }>();
  for (const c of u.certificates ?? []) {
    const state = deadlineStage(c.expiresOn, today, days);
    if (!state) continue;
    const g = byDate.get(c.expiresOn) ?? { state, certs: [] };
    g.certs.push(c);
    byDate.set(c.expiresOn, g);
  }
  const nameOf = new Map(u.people.map((p) => [p.id, p.name]));
  const directors = directorsFor(u, null);
  const out: NewMessage[] = [];
  for (const [date, { state, certs }] of byDate) {
    const level = DEADLINE_STAGES.indexOf(state.stage) + 1;
    const recipients = new Map<string, CertificateState[]>();
    for (const c of certs)
      for (const p of new Set([c.personId, ...directors])) recipients.set(p, [...(recipients.get(p) ?? []), c]);
    for (const [personId, list] of recipients) {
      const fact: DeadlineNotice = {
        subject: 'certificate',
        stage: state.stage,
        date,
        daysLeft: state.daysLeft,
        items: list.map((c) => ({
          personId: c.personId,
          person: nameOf.get(c.personId) ?? '（未知）',
          certificate: c.kind,
          number: c.number,
        })),
      };
      out.push(
        notice(
          u,
          `certificate:${date}`,
          level,
          personId,
          { type: 'notice', unitName: u.name, text: certificateText(fact, personId), deadlineFact: fact },
          now,
        ),
      );
    }
  }
  return out;
}

function certificateText(f: DeadlineNotice, to: string): string {
  const list = f.items
    .map((i) => `· ${i.personId === to ? '您' : i.person}的${i.certificate}（${i.number}）`)
    .join('\n');
  const when =
    f.stage === 'overdue'
      ? `已于 ${dateWords(f.date)} 过期（${daysLeftWords(f.daysLeft)}）`
      : `有效期至 ${dateWords(f.date)}（${daysLeftWords(f.daysLeft)}）`;
  const ask =
    f.stage === 'overdue'
      ? '证书过期期间不得从事相应的作业或管理，请尽快办理复审换证。'
      : '请及时办理复审，换证后在单位文件中更新有效期。';
  return `${HEADLINES[f.stage].certificate}以下证书${when}：\n${list}\n${ask}`;
}
