/**
 * Binding a chat account: an administrator creates a one-time code for a person (24 h, single
 * use, only its digest stored); the person sends 绑定 <code>. A wrong or expired code says so and
 * reveals nothing about who it was for.
 */
import { createHash } from 'node:crypto';
import type { Ids, InboxStore } from '../ports.js';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const INVITE_TTL_MS = 24 * 3600_000;

export const inviteDigest = (code: string): string =>
  createHash('sha256').update(code.trim().toUpperCase()).digest('hex');

/** 8 characters without look-alikes (no 0/O, 1/I), from a random id. */
export function newInviteCode(ids: Ids): string {
  const bytes = createHash('sha256').update(ids.newId()).digest();
  return Array.from(bytes.subarray(0, 8), (b) => ALPHABET[b % ALPHABET.length]).join('');
}

export async function createInvite(
  deps: { store: InboxStore; ids: Ids },
  personId: string,
  now: Date,
): Promise<{ code: string; expiresAt: Date }> {
  const code = newInviteCode(deps.ids);
  const expiresAt = new Date(now.getTime() + INVITE_TTL_MS);
  await deps.store.createInvite(personId, inviteDigest(code), now, expiresAt);
  return { code, expiresAt };
}
