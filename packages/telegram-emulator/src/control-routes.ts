/**
 * The driver API over HTTP (`/_control/...`, JSON in and out) for the sandbox page and for tools
 * outside the test process. Each route maps onto one method of TelegramEmulator; caller mistakes
 * answer 400 `{"error": …}`. Documented with examples in docs/telegram-emulator.md.
 */
import { type ControlRoute, EmulatorInputError, must, RawReply } from '@safeduty/emulator-kit/control-api';
import type { TelegramFaultPlan } from './faults.js';
import type { FloodLimits } from './options.js';
import type { TelegramEmulator } from './telegram-emulator.js';
import type { NewGroup, NewUser } from './types.js';

function num(v: unknown, what: string): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (!Number.isSafeInteger(n)) throw new EmulatorInputError(`${what} must be an integer`);
  return n;
}

function optionalNum(v: unknown, what: string): number | undefined {
  return v === undefined || v === null ? undefined : num(v, what);
}

function optionalStr(v: unknown, what: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new EmulatorInputError(`${what} must be a string`);
  return v;
}

export const controlRoutes: ControlRoute<TelegramEmulator>[] = [
  {
    method: 'GET',
    pattern: /^\/_control$/,
    handle: (emu) => ({
      bot: emu.bot(),
      url: emu.url,
      limits: emu.limits(),
      webhook: emu.webhook() ?? null,
      users: emu.users(),
      chats: emu.chats(),
      counters: emu.counters(),
    }),
  },
  { method: 'GET', pattern: /^\/_control\/users$/, handle: (emu) => emu.users() },
  {
    method: 'POST',
    pattern: /^\/_control\/users$/,
    handle: (emu, { body }) => emu.createUser(body as unknown as NewUser),
  },
  {
    method: 'POST',
    pattern: /^\/_control\/users\/(-?\d+)\/start$/,
    handle: (emu, { body, params }) => emu.start(num(params[0], 'user id'), optionalStr(body['payload'], 'payload')),
  },
  {
    method: 'POST',
    pattern: /^\/_control\/users\/(-?\d+)\/block$/,
    handle: (emu, { params }) => {
      emu.block(num(params[0], 'user id'));
      return { ok: true };
    },
  },
  {
    method: 'POST',
    pattern: /^\/_control\/users\/(-?\d+)\/messages$/,
    handle: (emu, { body, params }) => {
      const userId = num(params[0], 'user id');
      const chatId = optionalNum(body['chatId'], 'chatId');
      const photo = optionalStr(body['photoBase64'], 'photoBase64');
      if (photo !== undefined) {
        const caption = optionalStr(body['caption'], 'caption');
        return emu.sendPhoto({
          userId,
          bytes: Buffer.from(photo, 'base64'),
          ...(chatId !== undefined ? { chatId } : {}),
          ...(caption ? { caption } : {}),
        });
      }
      const reply = optionalNum(body['replyToMessageId'], 'replyToMessageId');
      return emu.sendText({
        userId,
        text: optionalStr(body['text'], 'text') ?? '',
        ...(chatId !== undefined ? { chatId } : {}),
        ...(reply !== undefined ? { replyToMessageId: reply } : {}),
      });
    },
  },
  {
    method: 'POST',
    pattern: /^\/_control\/users\/(-?\d+)\/taps$/,
    handle: async (emu, { body, params }) => {
      const chatId = optionalNum(body['chatId'], 'chatId');
      const data = optionalStr(body['data'], 'data');
      const text = optionalStr(body['text'], 'text');
      const tap = emu.tap({
        userId: num(params[0], 'user id'),
        messageId: num(body['messageId'], 'messageId'),
        ...(chatId !== undefined ? { chatId } : {}),
        ...(data !== undefined ? { data } : {}),
        ...(text !== undefined ? { text } : {}),
      });
      const wait = optionalNum(body['waitMs'], 'waitMs');
      return wait ? { ...tap, answer: (await emu.waitForAnswer(tap.callbackQueryId, wait)) ?? null } : tap;
    },
  },
  { method: 'GET', pattern: /^\/_control\/chats$/, handle: (emu) => emu.chats() },
  {
    method: 'POST',
    pattern: /^\/_control\/groups$/,
    handle: (emu, { body }) => emu.createGroup(body as unknown as NewGroup),
  },
  {
    method: 'POST',
    pattern: /^\/_control\/groups\/(-?\d+)\/bot$/,
    handle: (emu, { body, params }) => {
      emu.setBotInGroup({
        chatId: num(params[0], 'chat id'),
        userId: num(body['userId'], 'userId'),
        member: body['member'] === true,
      });
      return { ok: true };
    },
  },
  {
    method: 'GET',
    pattern: /^\/_control\/chats\/(-?\d+)\/messages$/,
    handle: (emu, { params }) => emu.messages(num(params[0], 'chat id')),
  },
  { method: 'GET', pattern: /^\/_control\/callbacks$/, handle: (emu) => emu.callbackAnswers() },
  { method: 'GET', pattern: /^\/_control\/requests$/, handle: (emu) => emu.requests() },
  { method: 'GET', pattern: /^\/_control\/counters$/, handle: (emu) => emu.counters() },
  { method: 'GET', pattern: /^\/_control\/updates$/, handle: (emu) => emu.pendingUpdates() },
  {
    method: 'GET',
    pattern: /^\/_control\/webhook$/,
    handle: (emu) => ({ webhook: emu.webhook() ?? null, deliveries: emu.webhookDeliveries() }),
  },
  { method: 'GET', pattern: /^\/_control\/files$/, handle: (emu) => emu.files() },
  {
    method: 'GET',
    pattern: /^\/_control\/files\/([^/]+)$/,
    handle: (emu, { params }) => {
      const f = must(emu.file(params[0] ?? ''), `file ${params[0] ?? ''}`);
      return new RawReply(f.bytes, f.mimeType ?? 'application/octet-stream', f.fileName ?? f.filePath);
    },
  },
  { method: 'GET', pattern: /^\/_control\/commands$/, handle: (emu) => emu.commands() },
  { method: 'GET', pattern: /^\/_control\/limits$/, handle: (emu) => emu.limits() },
  {
    method: 'PATCH',
    pattern: /^\/_control\/limits$/,
    handle: (emu, { body }) => emu.setLimits(body as Partial<FloodLimits>),
  },
  {
    method: 'POST',
    pattern: /^\/_control\/faults$/,
    handle: (emu, { body }) => {
      emu.injectFaults(body as TelegramFaultPlan);
      return { ok: true };
    },
  },
  {
    method: 'DELETE',
    pattern: /^\/_control\/faults$/,
    handle: (emu) => {
      emu.clearFaults();
      return { ok: true };
    },
  },
  {
    method: 'POST',
    pattern: /^\/_control\/reset$/,
    handle: (emu, { body }) => {
      emu.reset({ all: body['all'] === true });
      return { ok: true };
    },
  },
];
