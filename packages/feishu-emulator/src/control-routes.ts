/**
 * The driver API over HTTP (`/_emulator/...`, JSON in and out) for the sandbox page and for
 * tools outside the test process. Each route maps onto one method of FeishuEmulator; caller
 * mistakes answer 400 `{"error": …}`. Documented with examples in docs/feishu-emulator.md.
 */

import { type ControlRoute, EmulatorInputError, must, RawReply } from '@safeduty/emulator-kit/control-api';
import type { UserPatch } from './directory.js';
import type { FaultPlan } from './faults.js';
import type { FeishuEmulator } from './feishu-emulator.js';
import type { DeliveryOptions, RateLimits } from './options.js';
import type { CardActionRequest, NewGroup, NewUser, UserMessageRequest } from './types.js';

export const controlRoutes: ControlRoute<FeishuEmulator>[] = [
  {
    method: 'GET',
    pattern: /^\/_emulator$/,
    handle: (emu) => ({
      app: emu.app(),
      url: emu.url,
      connections: emu.connectionCount(),
      limits: emu.limits(),
      delivery: emu.delivery(),
      users: emu.users(),
      chats: emu.chats(),
      counters: emu.counters(),
    }),
  },
  { method: 'GET', pattern: /^\/_emulator\/users$/, handle: (emu) => emu.users() },
  {
    method: 'POST',
    pattern: /^\/_emulator\/users$/,
    handle: (emu, { body }) => emu.createUser(body as unknown as NewUser),
  },
  {
    method: 'PATCH',
    pattern: /^\/_emulator\/users\/([^/]+)$/,
    handle: (emu, { body, params }) => emu.updateUser(params[0] ?? '', body as UserPatch),
  },
  { method: 'GET', pattern: /^\/_emulator\/chats$/, handle: (emu) => emu.chats() },
  {
    method: 'POST',
    pattern: /^\/_emulator\/groups$/,
    handle: (emu, { body }) => emu.createGroup(body as unknown as NewGroup),
  },
  {
    method: 'GET',
    pattern: /^\/_emulator\/messages$/,
    handle: (emu, { url }) =>
      emu.messages({
        ...optional('user', url.searchParams.get('user')),
        ...optional('chatId', url.searchParams.get('chat')),
      }),
  },
  {
    method: 'GET',
    pattern: /^\/_emulator\/messages\/([^/]+)$/,
    handle: (emu, { params }) => must(emu.message(params[0] ?? ''), `message ${params[0] ?? ''}`),
  },
  {
    method: 'POST',
    pattern: /^\/_emulator\/messages$/,
    handle: (emu, { body }) => emu.sendUserMessage(body as unknown as UserMessageRequest),
  },
  {
    // A user sends a picture: {"from": open_id, "base64": "…", "chatId"?: group}
    method: 'POST',
    pattern: /^\/_emulator\/images$/,
    handle: (emu, { body }) => {
      if (typeof body['base64'] !== 'string') throw new EmulatorInputError('base64 (the image bytes) is required');
      return emu.sendUserImage({
        from: String(body['from'] ?? ''),
        bytes: Buffer.from(body['base64'], 'base64'),
        ...(typeof body['chatId'] === 'string' ? { chatId: body['chatId'] } : {}),
      });
    },
  },
  {
    method: 'POST',
    pattern: /^\/_emulator\/messages\/([^/]+)\/actions$/,
    handle: (emu, { body, params }) =>
      emu.actOnCard({ ...(body as unknown as Omit<CardActionRequest, 'messageId'>), messageId: params[0] ?? '' }),
  },
  { method: 'GET', pattern: /^\/_emulator\/counters$/, handle: (emu) => emu.counters() },
  { method: 'GET', pattern: /^\/_emulator\/deliveries$/, handle: (emu) => emu.deliveries() },
  { method: 'GET', pattern: /^\/_emulator\/requests$/, handle: (emu) => emu.requests() },
  { method: 'GET', pattern: /^\/_emulator\/files$/, handle: (emu) => emu.files() },
  {
    method: 'GET',
    pattern: /^\/_emulator\/files\/([^/]+)$/,
    handle: (emu, { params }) => {
      const file = must(emu.file(params[0] ?? ''), `file ${params[0] ?? ''}`);
      return new RawReply(file.bytes, 'application/octet-stream', file.fileName);
    },
  },
  {
    method: 'POST',
    pattern: /^\/_emulator\/reset$/,
    handle: (emu, { body }) => {
      emu.reset({ all: body['all'] === true });
      return { ok: true };
    },
  },
  { method: 'GET', pattern: /^\/_emulator\/limits$/, handle: (emu) => emu.limits() },
  {
    method: 'PATCH',
    pattern: /^\/_emulator\/limits$/,
    handle: (emu, { body }) => emu.setLimits(body as Partial<RateLimits>),
  },
  { method: 'GET', pattern: /^\/_emulator\/delivery$/, handle: (emu) => emu.delivery() },
  {
    method: 'PATCH',
    pattern: /^\/_emulator\/delivery$/,
    handle: (emu, { body }) => emu.configureDelivery(body as Partial<DeliveryOptions>),
  },
  {
    method: 'POST',
    pattern: /^\/_emulator\/faults$/,
    handle: (emu, { body }) => {
      emu.injectFaults(body as FaultPlan);
      return { ok: true };
    },
  },
  {
    method: 'DELETE',
    pattern: /^\/_emulator\/faults$/,
    handle: (emu) => {
      emu.clearFaults();
      return { ok: true };
    },
  },
  {
    method: 'POST',
    pattern: /^\/_emulator\/connections\/drop$/,
    handle: (emu, { body }) => ({ dropped: emu.dropConnections(body['how'] === 'terminate' ? 'terminate' : 'close') }),
  },
  {
    method: 'POST',
    pattern: /^\/_emulator\/tokens\/revoke$/,
    handle: (emu) => {
      emu.revokeTokens();
      return { ok: true };
    },
  },
  { method: 'POST', pattern: /^\/_emulator\/webhook\/verify$/, handle: (emu) => emu.verifyWebhookUrl() },
];

function optional<K extends string>(key: K, value: string | null): Partial<Record<K, string>> {
  return value ? ({ [key]: value } as Partial<Record<K, string>>) : {};
}
