/**
 * The configured people as sandbox users: each gets a Feishu account in the Feishu emulator with an
 * open_id, and a Telegram account in the Telegram emulator with a user id, both derived from their
 * mobile number (the same on every start, so a page reload or a script can keep using them), and
 * the units handed to the service carry exactly those accounts.
 */
import { createHash } from 'node:crypto';
import { CATEGORY_LABELS, type Role, roleTitle } from '../domain/model.js';
import type { UnitSpec } from '../domain/unit-spec.js';

export interface SandboxPerson {
  /** the emulator open_id: the person's id in the sandbox API */
  id: string;
  /** the Telegram emulator user id (= their private chat id with the bot) */
  telegramId: number;
  name: string;
  mobile: string;
  unitName: string;
  /** e.g. “安全员 · 电梯” */
  roles: { role: Role; label: string }[];
}

/** Officers first, then the director, then the principal: the order an escalation climbs. */
const ROLE_ORDER: Record<Role, number> = { officer: 0, director: 1, principal: 2 };

export function sandboxOpenId(mobile: string): string {
  return `ou_sandbox${createHash('sha256').update(`safeduty-sandbox:${mobile}`).digest('hex').slice(0, 24)}`;
}

/** A stable Telegram user id per mobile (positive, below 2^52 as the Bot API promises for ids). */
export function sandboxTelegramId(mobile: string): number {
  return (
    6_000_000_000 +
    (parseInt(createHash('sha256').update(`safeduty-sandbox-tg:${mobile}`).digest('hex').slice(0, 8), 16) %
      1_000_000_000)
  );
}

export function sandboxPeople(units: readonly UnitSpec[]): SandboxPerson[] {
  const byMobile = new Map<string, SandboxPerson>();
  for (const u of units) {
    for (const p of u.people) {
      const person = byMobile.get(p.mobile) ?? {
        id: sandboxOpenId(p.mobile),
        telegramId: sandboxTelegramId(p.mobile),
        name: p.name,
        mobile: p.mobile,
        unitName: u.name,
        roles: [],
      };
      for (const r of p.roles) {
        const scope = r.categories.map((c) => CATEGORY_LABELS[c]).join('、');
        person.roles.push({ role: r.role, label: `${roleTitle(r.role, u.kind)}${scope ? ` · ${scope}` : ''}` });
      }
      byMobile.set(p.mobile, person);
    }
  }
  const rank = (p: SandboxPerson) => Math.min(3, ...p.roles.map((r) => ROLE_ORDER[r.role]));
  return [...byMobile.values()].sort((a, b) => rank(a) - rank(b));
}

/** The units with every person's Feishu and Telegram accounts replaced by their sandbox accounts. */
export function withSandboxIdentities(units: readonly UnitSpec[]): UnitSpec[] {
  return units.map((u) => ({
    ...u,
    people: u.people.map((p) => ({
      ...p,
      identities: [
        ...p.identities.filter((i) => i.channel !== 'feishu' && i.channel !== 'telegram'),
        { channel: 'feishu' as const, externalId: sandboxOpenId(p.mobile) },
        { channel: 'telegram' as const, externalId: String(sandboxTelegramId(p.mobile)) },
      ],
    })),
  }));
}
