/**
 * Turns a validated unit file into a UnitSpec, checking what a schema cannot: every device has
 * an officer of this unit, checklists exist for every category in use, titles follow the unit kind.
 */
import path from 'node:path';
import { CATEGORY_LABELS, type Category, roleTitle } from '../domain/model.js';
import type { ChecklistSpec, PersonSpec, UnitSpec } from '../domain/unit-spec.js';
import type { ChecklistFile } from './checklist-file.js';
import type { ConfigIssue } from './config-error.js';
import type { UnitFile } from './unit-file.js';

export function resolveUnit(
  file: string,
  shown: string,
  u: UnitFile,
  defaults: Map<Category, ChecklistFile>,
  issues: ConfigIssue[],
  warnings: string[],
): UnitSpec {
  const issue = (p: string, message: string) => issues.push({ file: shown, path: p, message });
  const key = u.key ?? path.basename(file).replace(/\.ya?ml$/, '');

  const people: PersonSpec[] = [];
  const byMobile = new Map<string, PersonSpec>();
  u.people.forEach((p, i) => {
    if (byMobile.has(p.mobile))
      issue(`people[${i}].mobile`, `手机号 ${p.mobile} 与“${byMobile.get(p.mobile)!.name}”重复`);
    const spec: PersonSpec = {
      name: p.name,
      mobile: p.mobile,
      roles: p.roles.map((r) => ({
        role: r.role,
        categories: r.categories,
        title: r.title ?? roleTitle(r.role, u.kind),
        since: r.since,
        reason: r.reason,
      })),
      certificates: p.certificates.map((c) => ({
        kind: c.kind,
        number: c.number,
        issued: c.issued,
        expires: c.expires,
      })),
      trainings: p.trainings,
      identities: [
        ...(p.feishu_open_id ? [{ channel: 'feishu' as const, externalId: p.feishu_open_id }] : []),
        ...(p.telegram_id ? [{ channel: 'telegram' as const, externalId: p.telegram_id }] : []),
      ],
      ...(p.channels ? { channels: [...new Set(p.channels)] } : {}),
    };
    byMobile.set(p.mobile, spec);
    people.push(spec);
  });

  const covers = (p: PersonSpec, role: string, c: Category) =>
    p.roles.some((r) => r.role === role && (r.categories.length === 0 || r.categories.includes(c)));
  const equipment = u.equipment.map((e, i) => {
    const ref = e.officer.trim();
    const matches = byMobile.has(ref) ? [byMobile.get(ref)!] : people.filter((p) => p.name === ref);
    const officer = matches[0];
    if (matches.length > 1) issue(`equipment[${i}].officer`, `本单位有 ${matches.length} 人名为“${ref}”，请改用手机号`);
    else if (!officer)
      issue(
        `equipment[${i}].officer`,
        `负责安全员“${ref}”不在本单位人员名单中：请先在 people 中添加此人并设为 officer`,
      );
    else if (!covers(officer, 'officer', e.category))
      issue(
        `equipment[${i}].officer`,
        `“${officer.name}”不是本单位${CATEGORY_LABELS[e.category]}的安全员：请在其 roles 中加入 officer（categories 含 ${e.category}）`,
      );
    return {
      code: e.code,
      registrationNo: e.registration_no,
      category: e.category,
      name: e.name,
      location: e.location,
      status: e.status,
      statusReason: e.status_reason,
      officerMobile: officer?.mobile ?? '',
      nextInspection: e.next_inspection,
    };
  });

  const used = new Set<Category>([...equipment.map((e) => e.category), ...(Object.keys(u.checklists) as Category[])]);
  const checklists: ChecklistSpec[] = [];
  for (const c of [...used].sort()) {
    const adj = u.checklists[c];
    const base = adj?.replace ?? defaults.get(c)?.items;
    if (!base) {
      issue(`checklists.${c}`, `没有${CATEGORY_LABELS[c]}的默认清单，请用 replace 写出本单位的检查项`);
      continue;
    }
    for (const r of adj?.remove ?? [])
      if (!base.some((it) => it.content === r)) issue(`checklists.${c}.remove`, `要删除的检查项“${r}”不在清单中`);
    const items = [...base.filter((it) => !(adj?.remove ?? []).includes(it.content)), ...(adj?.extend ?? [])];
    const dup = items.find((it, i) => items.findIndex((o) => o.content === it.content) !== i);
    if (dup) issue(`checklists.${c}`, `检查项“${dup.content}”重复`);
    checklists.push({
      category: c,
      title: defaults.get(c)?.title ?? `${CATEGORY_LABELS[c]}安全风险管控清单`,
      items,
      effectiveDate: adj?.effective_date,
    });
  }

  for (const c of new Set(equipment.map((e) => e.category))) {
    if (!people.some((p) => covers(p, 'director', c)))
      warnings.push(`${shown}: 没有负责${CATEGORY_LABELS[c]}的安全总监（director），周排查将无人接收`);
  }
  if (!people.some((p) => p.roles.some((r) => r.role === 'principal')))
    warnings.push(`${shown}: 没有主要负责人（principal），月调度将无人接收`);
  u.suspensions.forEach((s, i) => {
    if (s.to && s.to < s.from) issue(`suspensions[${i}].to`, `结束日期 ${s.to} 早于开始日期 ${s.from}`);
  });

  return {
    key,
    name: u.name,
    creditCode: u.credit_code,
    kind: u.kind,
    timeZone: u.time_zone,
    dailyDays: u.schedule?.daily.days ?? 'every_day',
    settings:
      u.schedule || u.escalation || u.quiet_hours !== undefined
        ? { schedule: u.schedule, escalation: u.escalation, quiet_hours: u.quiet_hours }
        : null,
    suspensions: u.suspensions,
    people,
    equipment,
    checklists,
  };
}
