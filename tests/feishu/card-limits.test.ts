/**
 * Every prompt kind, for officers with 1 to 60 devices on the largest default checklist and with
 * user text of any length, is sent through the real SDK to the emulator: every card is accepted,
 * and each one is within Feishu's 200 elements and 30 KB request body by both counts, the
 * adapter's (card-budget.ts) and the emulator's own (card-elements.ts, message-content.ts).
 */
import fs from 'node:fs';
import { type FeishuEmulator, startFeishuEmulator } from '@safeduty/feishu-emulator';
import { countCardElements } from '@safeduty/feishu-emulator/card-elements';
import { checkCard } from '@safeduty/feishu-emulator/card-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  countElements,
  MAX_ELEMENTS,
  MAX_REQUEST_BYTES,
  requestBytes,
} from '../../src/adapters/feishu/cards/card-budget.js';
import {
  type CardJson,
  type DeviceStatus,
  fitCard,
  renderDailyCard,
  renderDone,
  splitDailyPayload,
} from '../../src/adapters/feishu/cards/index.js';
import { createFeishuClient } from '../../src/adapters/feishu/feishu-client.js';
import { FeishuMessenger, feishuUuid } from '../../src/adapters/feishu/feishu-messenger.js';
import { RateLimiter } from '../../src/adapters/feishu/rate-limiter.js';
import type { OutboxMessage, Recipient } from '../../src/app/ports.js';
import type { DailyDeviceView, HazardView, ItemRef, Payload } from '../../src/domain/engine/payloads.js';
import type { Category } from '../../src/domain/model.js';
import { dailyItems, hazardNotice, stats, taskKey } from './cards/fixtures.js';

const DEVICE_COUNTS = [1, 3, 5, 12, 27, 60];
/** The emulator reads Feishu's “30 KB” as 30 × 1024 bytes; the adapter budgets on 30 000. */
const FEISHU_BODY_LIMIT = 30 * 1024;

/** The default checklist with the most daily items (today 锅炉, 14). */
const LARGEST: Category = (() => {
  const categories = fs
    .readdirSync(new URL('../../config/checklists/', import.meta.url))
    .map((f) => f.replace(/\.yaml$/, '') as Category);
  return categories.reduce((best, c) => (dailyItems(c).length > dailyItems(best).length ? c : best));
})();

const long = (n: number, unit = '锅炉水位计玻璃板模糊看不清水位# - 1. _x_ <at id=all></at> "引号" '): string =>
  unit.repeat(Math.ceil(n / unit.length)).slice(0, n);

function devices(n: number): DailyDeviceView[] {
  return Array.from({ length: n }, (_, i) => ({
    taskKey: taskKey(i + 1),
    equipmentId: `eq-${i + 1}`,
    code: `GL-${String(i + 1).padStart(3, '0')}`,
    name: `${Math.ceil((i + 1) / 4)}号锅炉房${i + 1}号燃气蒸汽锅炉`,
    location: `${Math.ceil((i + 1) / 4)}号楼地下一层锅炉房东侧`,
    category: LARGEST,
    paused: false,
    items: dailyItems(LARGEST),
  }));
}

const items = (n: number, text: string): ItemRef[] =>
  Array.from({ length: n }, (_, i) => ({
    taskKey: taskKey(i + 1),
    label: `${i + 1}号燃气蒸汽锅炉（GL-${String(i + 1).padStart(3, '0')}）日管控检查${text}`,
  }));
const hazardViews = (n: number, text: string): HazardView[] =>
  Array.from({ length: n }, (_, i) => ({
    hazardId: `hz-${i}`,
    level: (['general', 'serious', 'major'] as const)[i % 3]!,
    state: 'open',
    description: text,
    device: `${i + 1}号燃气蒸汽锅炉${text}`,
    assignee: `张三${text}`,
    deadline: '2026-12-05T10:00:00Z',
  }));

/** Every payload type an officer with `n` devices can be sent, user text `textLength` characters long. */
function everyKind(n: number, textLength: number): Payload[] {
  const text = long(textLength);
  const base = { unitName: '示范医院' };
  return [
    { ...base, type: 'daily_check', date: '2026-12-01', dueAt: '2026-12-01T02:00:00Z', devices: devices(n) },
    {
      ...base,
      type: 'reminder',
      kind: 'daily',
      period: '2026-12-01',
      dueAt: '2026-12-01T02:00:00Z',
      items: items(n, text),
    },
    {
      ...base,
      type: 'escalation',
      kind: 'daily',
      period: '2026-12-01',
      level: 2,
      dueAt: '2026-12-01T02:00:00Z',
      groups: [
        { person: { id: 'p-zhang', name: '张三' }, items: items(n, text) },
        { person: { id: 'p-li', name: `李四${text}` }, items: items(n, text) },
      ],
    },
    {
      ...base,
      type: 'weekly_review',
      taskKey: 'task:weekly',
      period: '2026-W49',
      dueAt: '2026-12-04T10:00:00Z',
      categories: [LARGEST],
      stats,
      openHazards: hazardViews(n, text),
    },
    {
      ...base,
      type: 'monthly_dispatch',
      taskKey: 'task:monthly',
      period: '2026-12',
      dueAt: '2026-12-28T10:00:00Z',
      stats,
      openHazards: hazardViews(n, text),
    },
    ...(['confirm', 'rectify', 'verify', 'inform'] as const).map(
      (a): Payload => ({
        ...hazardNotice(a, 'major'),
        description: text,
        measures: text,
        ...(a === 'verify' ? { rectification: text } : {}),
      }),
    ),
    {
      ...base,
      type: 'advice_request',
      adviceId: 'adv-1',
      taskKey: 'task:adv-1',
      from: '张三',
      content: text,
      dueAt: '2026-12-08T10:00:00Z',
    },
    {
      ...base,
      type: 'advice_answered',
      adviceId: 'adv-1',
      content: text,
      answer: 'rejected',
      reason: text,
      by: '王总',
    },
    {
      ...base,
      type: 'resolution_assigned',
      taskKey: 'task:res-1',
      content: text,
      deadline: '2026-12-31',
      from: '王总',
      period: '2026-12',
    },
    { ...base, type: 'notice', text },
  ];
}

describe(
  `every card of every prompt kind, ` + `1–60 devices of ${LARGEST} (the largest default checklist), any text length`,
  () => {
    let emu: FeishuEmulator;
    let messenger: FeishuMessenger;
    let openId: string;
    let clock = Date.parse('2026-12-01T00:00:00Z');
    const people = Array.from({ length: 60 }, (_, i) => ({ id: `person-${i}`, name: `员工${i}号` }));

    beforeAll(async () => {
      emu = await startFeishuEmulator();
      emu.setLimits({ apiPerSecond: 100_000, apiPerMinute: 1_000_000, perReceiverPerSecond: 100_000 });
      openId = emu.createUser({ name: '张三' }).openId;
      const app = emu.app();
      messenger = new FeishuMessenger({
        feishu: createFeishuClient({ appId: app.appId, appSecret: app.appSecret, domain: emu.url }),
        limiter: new RateLimiter(
          { perSecond: 100_000, perMinute: 1_000_000, perReceiverPerSecond: 100_000 },
          () => clock,
          async (ms) => {
            clock += ms;
          },
        ),
        now: () => new Date(clock),
        peopleOf: async () => people,
      });
    }, 60_000);
    afterAll(async () => {
      await emu?.close();
    });

    const to = (): Recipient => ({
      personId: 'p-zhang',
      name: '张三',
      timeZone: 'Asia/Shanghai',
      chatId: null,
      identities: [{ channel: 'feishu', externalId: openId }],
    });
    const message = (payload: Payload, key: string): OutboxMessage => ({
      id: key,
      key,
      unitId: 'u1',
      personId: 'p-zhang',
      chatId: null,
      purpose: 'prompt',
      urgent: false,
      payload,
      taskKeys: ['task:any'],
      attempts: 0,
      createdAt: new Date(clock),
    });

    it.each(
      DEVICE_COUNTS.flatMap((n) => [
        [n, 20],
        [n, 200_000],
      ]),
    )(
      '%i devices, user text of %i characters: all accepted, all within both limits',
      async (n, textLength) => {
        for (const [i, payload] of everyKind(n, textLength).entries()) {
          const key = `msg:limits:${n}:${textLength}:${i}`;
          const before = emu.messages({ user: openId }).length;
          const { platformMessageId } = await messenger.sendPrompt(message(payload, key), to());
          const sent = emu.messages({ user: openId }).slice(before);
          expect(sent.map((m) => m.messageId)).toEqual(platformMessageId.split(','));
          sent.forEach((m, part) => {
            const card = JSON.parse(m.content) as CardJson;
            const body = Buffer.byteLength(
              JSON.stringify({
                receive_id: openId,
                msg_type: 'interactive',
                content: m.content,
                uuid: feishuUuid(key, part),
              }),
            );
            const where = `${payload.type} part ${part + 1}/${sent.length}`;
            expect(countElements(card), where).toBeLessThanOrEqual(MAX_ELEMENTS);
            expect(countCardElements(card as unknown as Record<string, unknown>), where).toBeLessThanOrEqual(200);
            expect(requestBytes(card), where).toBeLessThanOrEqual(MAX_REQUEST_BYTES);
            expect(body, where).toBeLessThanOrEqual(FEISHU_BODY_LIMIT);
            expect(
              countCardElements(card as unknown as Record<string, unknown>),
              `${where}: the adapter never counts fewer than the emulator`,
            ).toBeLessThanOrEqual(countElements(card));
          });
        }
      },
      120_000,
    );

    it('says where the full text is when it shortens a long one', async () => {
      const payload: Payload = {
        ...hazardNotice('rectify', 'major'),
        description: long(200_000),
        hazardNo: 12,
      } as Payload;
      const before = emu.messages({ user: openId }).length;
      await messenger.sendPrompt(message(payload, 'msg:limits:pointer'), to());
      const [m] = emu.messages({ user: openId }).slice(before);
      expect(m?.content).toContain('…（全文见 隐患 12）');
    });
  },
);

describe('the cards after an action, 1–60 devices, any text length', () => {
  it.each(DEVICE_COUNTS)(
    '%i devices: the cards after an action (answered devices, done states) stay within both limits too',
    (n) => {
      const ctx = { timeZone: 'Asia/Shanghai', now: new Date('2026-12-01T00:00:00Z'), taskKey: 'task:any' };
      const within = (card: CardJson, where: string): void => {
        checkCard(card);
        expect(countElements(card), where).toBeLessThanOrEqual(MAX_ELEMENTS);
        expect(requestBytes(card), where).toBeLessThanOrEqual(MAX_REQUEST_BYTES);
      };
      for (const payload of everyKind(n, 200_000)) {
        if (payload.type !== 'daily_check') {
          within(renderDone(payload, ctx, `已提交 18:02 · ${long(300)}`, 'orange'), `${payload.type} done`);
          continue;
        }
        const parts = splitDailyPayload(payload);
        parts.forEach((part, i) => {
          const numbering = { index: i + 1, of: parts.length };
          // one device opened for 逐项检查, every item marked 异常 with long details, after a refusal
          for (const d of [part.devices[0]!, part.devices[part.devices.length - 1]!]) {
            const entered: Record<string, string> = {};
            for (const it of d.items)
              Object.assign(entered, {
                [`i${it.seq}`]: 'abnormal',
                [`x${it.seq}_desc`]: long(500),
                [`x${it.seq}_measures`]: long(500),
                [`x${it.seq}_level`]: 'major',
                [`x${it.seq}_stop`]: 'yes',
              });
            within(
              fitCard(renderDailyCard(part, ctx, {}, numbering, { open: d.taskKey, entered, problems: long(2000) })),
              `daily part ${i + 1} open ${d.code}`,
            );
          }
          const status: Record<string, DeviceStatus> = {};
          part.devices.forEach((d, j) => {
            status[d.taskKey] = {
              line: `已提交 08:47 · ${long(j % 2 ? 300 : 5)} · 3 项异常`,
              abnormal: j % 2 === 1,
              late: j % 3 === 0,
            };
          });
          within(fitCard(renderDailyCard(part, ctx, status, numbering)), `daily part ${i + 1} answered`);
        });
      }
    },
  );
});
