/**
 * Certificates and training in 我 and 单位: each certificate with its expiry (flagged when expired
 * or within the reminder window), and a flag for someone with no training record. Managers see the
 * unit's flags under 单位; everyone sees their own under 我.
 */
import { certificateLine, deadlineStage, NO_TRAINING_LINE } from '../../domain/deadlines.js';
import type { DeadlineDays } from '../../domain/engine/policy.js';
import type { LocalDate } from '../../domain/local-time.js';
import type { PersonCredentials, QueriesStore } from '../ports.js';

/** 我: the asker's certificates and training. */
export async function myCredentials(
  store: QueriesStore,
  unitId: string,
  personId: string,
  today: LocalDate,
  days: DeadlineDays,
): Promise<string[]> {
  const me = (await store.unitCredentials(unitId)).find((p) => p.personId === personId);
  if (!me) return [];
  const certs = me.certificates.length
    ? me.certificates.map((c) => `· ${certificateLine(c, today, days)}`)
    : ['· 未登记证书'];
  return ['证书：', ...certs, me.trainings ? `培训考核记录 ${me.trainings} 条` : NO_TRAINING_LINE];
}

const flagged = (p: PersonCredentials, today: LocalDate, days: DeadlineDays) =>
  p.certificates.filter((c) => deadlineStage(c.expiresOn, today, days) !== null);

/** 单位 (安全总监、主要负责人): who has an expired or expiring certificate, and who has no training record. */
export async function unitCredentialFlags(
  store: QueriesStore,
  unitId: string,
  today: LocalDate,
  days: DeadlineDays,
): Promise<string[]> {
  const people = await store.unitCredentials(unitId);
  const lines = people.flatMap((p) => [
    ...flagged(p, today, days).map((c) => `· ${p.name}：${certificateLine(c, today, days)}`),
    ...(p.trainings ? [] : [`· ${p.name}：${NO_TRAINING_LINE}`]),
  ]);
  return lines.length ? ['人员证书与培训：', ...lines] : ['人员证书与培训：均在有效期内，且都有培训考核记录。'];
}
