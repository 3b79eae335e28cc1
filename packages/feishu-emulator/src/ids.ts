/**
 * Feishu-shaped identifiers. Random rather than sequential so that ids from two emulator runs
 * (e.g. a sandbox restarted against the same database) never collide.
 */
import { randomBytes } from 'node:crypto';

function hex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

export const newId = {
  openId: (): string => `ou_${hex(16)}`,
  unionId: (): string => `on_${hex(16)}`,
  userId: (): string => hex(4),
  chatId: (): string => `oc_${hex(16)}`,
  messageId: (): string => `om_${hex(16)}`,
  fileKey: (): string => `file_v3_${hex(8)}_${hex(8)}`,
  imageKey: (): string => `img_v3_${hex(8)}_${hex(8)}`,
  tenantToken: (): string => `t-${hex(20)}`,
  cardToken: (): string => `c-${hex(20)}`,
  eventId: (): string => hex(16),
  ticket: (): string => hex(12),
  deviceId: (): string => String(BigInt(`0x${hex(7)}`)),
  nonce: (): string => hex(8),
};
