/**
 * Devices named in a command, as people say them (domain/commands/device-match.ts), in the asker's
 * unit. Every answer that comes out of a lookup names what it searched: “找不到设备“…”” with
 * suggestions, the candidates to choose from, or whose device it is when it is not the asker's.
 */
import { matchDevices } from '../../domain/commands/device-match.js';
import { quoteWord } from '../../domain/commands/messages.js';
import type { DeviceRow } from '../ports.js';
import { type Asker, isManager } from './unit-scope.js';

/** Candidates offered by number; more than this and the person is asked to be more specific. */
export const MAX_CHOICES = 9;

export type Lookup =
  | { ok: true; devices: DeviceRow[] /** found, but not the asker's to see */; others?: DeviceRow[] }
  | { ok: false; message: string };

const shortCode = (code: string) => (code.length > 6 ? `…${code.slice(-6)}` : code);
export const deviceLabel = (d: DeviceRow) => `${d.name}（${shortCode(d.code)}）`;

/** “找不到设备“1号电炉”。您是不是要找：燃气热水锅炉？发送“设备”查看全部设备名称。” */
export function notFound(query: string, suggestions: DeviceRow[]): string {
  const hint = suggestions.length ? `您是不是要找：${suggestions.map((d) => d.name).join('、')}？` : '';
  return `找不到设备“${quoteWord(query)}”。${hint}发送“设备”查看全部设备名称，也可以写设备代码的后几位。`;
}

/** The devices a query names in the unit; the asker's own first. */
export function lookUp(all: DeviceRow[], a: Asker, query: string): Lookup {
  const m = matchDevices(query, all);
  if (m.how === 'none') return { ok: false, message: notFound(query, m.suggestions) };
  const own = m.devices.filter((d) => d.officerId === a.personId);
  return { ok: true, devices: [...own, ...m.devices.filter((d) => d.officerId !== a.personId)] };
}

/** Who answers for devices that are not the asker's: “本单位的锅炉由 赵敏 负责”. */
export function ownersOf(devices: DeviceRow[], what: string): string {
  const byOfficer = new Map<string, string[]>();
  for (const d of devices) byOfficer.set(d.officer, [...(byOfficer.get(d.officer) ?? []), d.name]);
  if (byOfficer.size === 1) return `本单位的${what}由 ${devices[0]!.officer} 负责`;
  const groups = [...byOfficer.entries()].map(
    ([officer, names]) =>
      `${names.slice(0, 3).join('、')}${names.length > 3 ? ` 等 ${names.length} 台` : ''}由 ${officer} 负责`,
  );
  return `本单位的${what}：${groups.join('；')}`;
}

/**
 * What an officer may see of the looked-up devices; a manager sees all. When none is theirs the
 * answer says so and who is responsible, never an empty list that reads as “nothing there”.
 */
export function inScope(found: DeviceRow[], a: Asker, what: string): Lookup {
  if (isManager(a)) return { ok: true, devices: found };
  const mine = found.filter((d) => d.officerId === a.personId);
  if (mine.length) return { ok: true, devices: mine, others: found.filter((d) => d.officerId !== a.personId) };
  return {
    ok: false,
    message: `您负责的设备中没有${what}；${ownersOf(found, what)}。如需了解，请联系其安全员或安全总监。`,
  };
}

/** “（另有 1 台不是您负责的：1号楼1号客梯（张三），未列出。）”, or nothing. */
export function othersNote(l: Lookup): string {
  const others = l.ok ? (l.others ?? []) : [];
  if (others.length === 0) return '';
  const names = others
    .slice(0, 3)
    .map((d) => `${d.name}（${d.officer}）`)
    .join('、');
  return `\n（另有 ${others.length} 台不是您负责的：${names}${others.length > 3 ? ' 等' : ''}，未列出。）`;
}

/** “1. 1号楼1号客梯（…160001）· 张三” */
export const choiceLines = (devices: DeviceRow[]): string[] =>
  devices.map((d, i) => `${i + 1}. ${deviceLabel(d)}· ${d.officer}`);
