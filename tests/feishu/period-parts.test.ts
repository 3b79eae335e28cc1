/**
 * The weekly (and monthly) card of a unit with every category: too big for one Feishu card
 * (card-budget.ts), so it comes as several (period-split.ts). Through the whole service, the real
 * SDK and the emulator, the director answers it as a person would: a submit before the parts are
 * saved is refused and says which items are missing; each part is saved on its own card (an 异常
 * and a 不适用 among them, the rest by “其余各项均正常”); the last card submits the report, which
 * records every item of every part once; then every card is read-only.
 */

import fs from 'node:fs';
import { type FeishuEmulator, type StoredMessage, startFeishuEmulator } from '@safeduty/feishu-emulator';
import { countCardElements } from '@safeduty/feishu-emulator/card-elements';
import { checkCard } from '@safeduty/feishu-emulator/card-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  countElements,
  MAX_ELEMENTS,
  MAX_REQUEST_BYTES,
  requestBytes,
} from '../../src/adapters/feishu/cards/card-budget.js';
import { type CardJson, periodCard } from '../../src/adapters/feishu/cards/index.js';
import { createFeishuClient } from '../../src/adapters/feishu/feishu-client.js';
import { FeishuMessenger } from '../../src/adapters/feishu/feishu-messenger.js';
import { RateLimiter } from '../../src/adapters/feishu/rate-limiter.js';
import { PrismaStore } from '../../src/adapters/store/prisma-store.js';
import type { OutboxMessage } from '../../src/app/ports.js';
import type { PeriodItemView } from '../../src/domain/answers/period-items.js';
import type { Payload } from '../../src/domain/engine/payloads.js';
import type { Category } from '../../src/domain/model.js';
import { ALL_CATEGORIES as ALL, everyCategory } from '../helpers/config-fixture.js';
import { eventually, type FeishuHarness, feishuHarness, OPEN_IDS } from '../helpers/feishu-service.js';
import { decodeEntities } from './cards/card-helpers.js';
import { hazards, stats } from './cards/fixtures.js';

const cardText = (m: StoredMessage) => decodeEntities(JSON.stringify(m.card ?? {}));

/** Every button of a card: its name and value. */
function buttons(card: unknown): { name: string; value: Record<string, unknown> }[] {
  const out: { name: string; value: Record<string, unknown> }[] = [];
  JSON.stringify(card, (_k, v: unknown) => {
    const o = v as { tag?: string; name?: string; behaviors?: { value?: Record<string, unknown> }[] } | null;
    if (o && typeof o === 'object' && o.tag === 'button' && o.name)
      out.push({ name: o.name, value: o.behaviors?.[0]?.value ?? {} });
    return v;
  });
  return out;
}

/** The item ids a card asks (from its save or submit button). */
const itemsOf = (m: StoredMessage): string[] =>
  (buttons(m.card).find((b) => Array.isArray(b.value['i']))?.value['i'] as string[] | undefined) ?? [];

describe('the weekly card of a unit with all nine categories, in parts', () => {
  let h: FeishuHarness;
  let parts: StoredMessage[];
  const director = OPEN_IDS['李明']!;

  beforeAll(async () => {
    h = await feishuHarness({ start: '2026-12-01T00:30:00Z', unit: everyCategory });
  }, 30_000);
  afterAll(async () => h?.close());

  it(
    'comes as several cards, ' + 'each within Feishu’s 200 elements by both counts, every item on exactly one',
    async () => {
      parts = await eventually(() => {
        const cards = h.emu.messages({ user: director }).filter((m) => cardText(m).includes('周排查 ·'));
        const of = Number(/（1\/(\d+)）/.exec(cards[0] ? cardText(cards[0]) : '')?.[1] ?? 0);
        return of > 1 && cards.length === of ? cards : undefined;
      });
      expect(h.emu.counters().rejections ?? {}).toEqual({});
      const of = parts.length;
      parts.forEach((m, i) => {
        const card = m.card as unknown as CardJson;
        expect(cardText(m)).toContain(`（${i + 1}/${of}）`);
        expect(countElements(card)).toBeLessThanOrEqual(MAX_ELEMENTS);
        expect(countCardElements(m.card as Record<string, unknown>)).toBeLessThanOrEqual(200);
        const names = buttons(m.card).map((b) => b.name);
        expect(names).toContain(i < of - 1 ? 'part_save' : 'weekly_submit');
      });
      const items = parts.flatMap(itemsOf);
      // every category's weekly items, once each
      expect(new Set(items).size).toBe(items.length);
      expect(new Set(items.map((id) => id.replace(/_\d+$/, '').slice(2)))).toEqual(new Set(ALL));
      // the report's own fields only on the last card, the numbers only on the first
      expect(cardText(parts[of - 1]!)).toContain('本周安全管理情况评价');
      expect(cardText(parts[0]!)).not.toContain('本周安全管理情况评价');
      expect(cardText(parts[0]!)).toContain('刷新数据');
      expect(cardText(parts[1]!)).not.toContain('刷新数据');
    },
  );

  it('refuses the report while parts are unsaved, naming what is missing', async () => {
    const last = parts[parts.length - 1]!;
    const r = await h.emu.actOnCard({
      messageId: last.messageId,
      user: director,
      element: 'weekly_submit',
      form: { q_rest: 'normal', evaluation: '总体受控', nextWeekFocus: '冬季锅炉运行', mt_mode: 'none' },
    });
    expect(r.toast?.type).toBe('error');
    expect(r.toast?.content).toMatch(/还有 \d+ 项清单项目没有填写：.*请先在前面的卡片上逐项选择并点“保存本部分”/);
  });

  it('keeps each part when saved (a refused part says why), then records the report with every item once', async () => {
    const of = parts.length;
    const abnormal = itemsOf(parts[0]!)[0]!;
    const na = itemsOf(parts[1]!)[1]!;
    // the compact card carries the level in the item's own choice
    const compact = cardText(parts[0]!).includes('abnormal:serious');
    const choice = compact
      ? { [abnormal]: 'abnormal:serious' }
      : { [abnormal]: 'abnormal', [`${abnormal}_level`]: 'serious' };
    // an 异常 without what was found is refused on its own card
    const bad = await h.emu.actOnCard({
      messageId: parts[0]!.messageId,
      user: director,
      element: 'part_save',
      form: { ...choice, q_rest: 'normal' },
    });
    expect(bad.toast?.type).toBe('error');
    expect(bad.toast?.content).toMatch(/为“异常”：请填写问题说明/);
    const firstForm = { ...choice, [`${abnormal}_note`]: '应急预案未按期演练', q_rest: 'normal' };
    const saved = await h.emu.actOnCard({
      messageId: parts[0]!.messageId,
      user: director,
      element: 'part_save',
      form: firstForm,
    });
    expect(saved.toast?.type).toBe('success');
    expect(saved.toast?.content).toMatch(/^已保存 08:30 · 正常 \d+ 项 · 异常 1 项：/);
    // the part stays a form, with what was chosen and the line saying it was kept
    expect(cardText(h.emu.message(parts[0]!.messageId)!)).toContain('已保存 08:30');
    for (const m of parts.slice(1, of - 1)) {
      const form =
        m === parts[1] ? { [na]: 'na', [`${na}_note`]: '本单位无此类作业', q_rest: 'normal' } : { q_rest: 'normal' };
      const r = await h.emu.actOnCard({ messageId: m.messageId, user: director, element: 'part_save', form });
      expect(r.toast?.type, r.toast?.content).toBe('success');
    }
    const last = parts[of - 1]!;
    const done = await h.emu.actOnCard({
      messageId: last.messageId,
      user: director,
      element: 'weekly_submit',
      form: {
        ...(itemsOf(last).length ? { q_rest: 'normal' } : {}),
        evaluation: '总体受控',
        nextWeekFocus: '冬季锅炉运行',
        findings: '发现应急预案演练滞后 1 项，已登记隐患',
        mt_mode: 'none',
      },
    });
    expect(done.toast?.type, done.toast?.content).not.toBe('error');
    expect(done.toast?.content).toMatch(/周排查报告 · 清单 1 项异常（已登记隐患）/);

    const store = await PrismaStore.open(h.dbUrl);
    try {
      const records = await store.db.record.findMany({ where: { kind: 'weekly_report' } });
      expect(records).toHaveLength(1);
      const items = (
        records[0]!.payload as { items: { category: string; seq: number; result: string; note?: string }[] }
      ).items;
      const asked = parts.flatMap(itemsOf);
      expect(items.map((it) => `q_${it.category}_${it.seq}`).sort()).toEqual([...asked].sort());
      const result = (id: string) => items.find((it) => `q_${it.category}_${it.seq}` === id);
      expect(result(abnormal)).toMatchObject({ result: 'abnormal', level: 'serious', note: '应急预案未按期演练' });
      expect(result(na)).toMatchObject({ result: 'na', note: '本单位无此类作业' });
      expect(items.filter((it) => it.result === 'normal')).toHaveLength(items.length - 2);
      expect(await store.db.hazard.count({ where: { level: 'serious' } })).toBe(1);
      // the kept parts are gone once the report is recorded
      expect(await store.db.conversation.count({ where: { channel: 'form-part' } })).toBe(0);
      // each card found its message by its own id (one PlatformMessage row per card)
      const keyed = await store.db.platformMessage.findMany({
        where: { platformMessageId: { in: parts.map((p) => p.messageId) } },
      });
      expect(new Set(keyed.map((k) => k.messageId)).size).toBe(1);
      expect(keyed).toHaveLength(of);
    } finally {
      await store.close();
    }
  });

  it('turns every card read-only once the report is recorded', async () => {
    for (const m of parts)
      await eventually(() => {
        const now = h.emu.message(m.messageId)!;
        return buttons(now.card).length === 0 && cardText(now).includes('已提交');
      });
  });
});

/** The weekly or monthly items of the default 清单 of `categories`, numbered as in the whole 清单. */
function periodItemsOf(kind: 'weekly' | 'monthly', categories: readonly string[]): PeriodItemView[] {
  return categories.flatMap((c) => {
    const doc = parse(fs.readFileSync(`config/checklists/${c}.yaml`, 'utf8')) as {
      items: { group: PeriodItemView['group']; content: string; standard: string; frequency: string }[];
    };
    return doc.items.flatMap((it, i) =>
      it.frequency === kind
        ? [
            {
              category: c as Category,
              seq: i + 1,
              version: 1,
              group: it.group,
              content: it.content,
              standard: it.standard,
              required: true,
            },
          ]
        : [],
    );
  });
}

function periodPayload(kind: 'weekly' | 'monthly', n: number): Payload {
  const categories = ALL.slice(0, n) as Category[];
  const common = {
    unitName: '天津万家物业管理有限公司',
    stats,
    openHazards: [...hazards, ...hazards, ...hazards],
    statsAsOf: '2026-12-01T00:30:00Z',
    checkItems: periodItemsOf(kind, categories),
    checklists: categories.map((c) => ({ category: c, version: 1, title: `${c} 安全风险管控清单` })),
  };
  return kind === 'weekly'
    ? {
        ...common,
        type: 'weekly_review',
        taskKey: 'task:wanjia-property:weekly:2026-W49:director-0001',
        period: '2026-W49',
        dueAt: '2026-12-06T10:00:00Z',
        categories,
        maintenance: categories.includes('elevator'),
      }
    : {
        ...common,
        type: 'monthly_dispatch',
        taskKey: 'task:wanjia-property:monthly:2026-12:principal-0001',
        period: '2026-12',
        dueAt: '2026-12-28T10:00:00Z',
        maintenance: false,
      };
}

describe('weekly and monthly cards of units with 1 to 9 categories, through the real SDK', () => {
  let emu: FeishuEmulator;
  let messenger: FeishuMessenger;
  let openId: string;
  const now = new Date('2026-12-01T00:30:00Z');
  const people = Array.from({ length: 30 }, (_, i) => ({ id: `person-${i}`, name: `员工${i}号` }));
  const ctx = { timeZone: 'Asia/Shanghai', now, people };

  beforeAll(async () => {
    emu = await startFeishuEmulator();
    emu.setLimits({ apiPerSecond: 100_000, apiPerMinute: 1_000_000, perReceiverPerSecond: 100_000 });
    openId = emu.createUser({ name: '李明' }).openId;
    const app = emu.app();
    messenger = new FeishuMessenger({
      feishu: createFeishuClient({ appId: app.appId, appSecret: app.appSecret, domain: emu.url }),
      limiter: new RateLimiter({ perSecond: 100_000, perMinute: 1_000_000, perReceiverPerSecond: 100_000 }, () =>
        now.getTime(),
      ),
      now: () => now,
      peopleOf: async () => people,
    });
  }, 30_000);
  afterAll(async () => emu?.close());

  const within = (card: CardJson, where: string): void => {
    checkCard(card);
    expect(countElements(card), where).toBeLessThanOrEqual(MAX_ELEMENTS);
    expect(countCardElements(card as unknown as Record<string, unknown>), where).toBeLessThanOrEqual(200);
    expect(requestBytes(card), where).toBeLessThanOrEqual(MAX_REQUEST_BYTES);
  };

  it.each(ALL.flatMap((_, i) => [['weekly', i + 1] as const, ['monthly', i + 1] as const]))(
    '%s, %i categories: every card accepted and within both counts, every item on one card, the report on the ' +
      'last; redrawn states too',
    async (kind, n) => {
      const payload = periodPayload(kind, n);
      const key = `msg:parts:${kind}:${n}`;
      const m: OutboxMessage = {
        id: key,
        key,
        unitId: 'u1',
        personId: 'p1',
        chatId: null,
        purpose: 'prompt',
        urgent: false,
        payload,
        taskKeys: [(payload as { taskKey: string }).taskKey],
        attempts: 0,
        createdAt: now,
      };
      const before = emu.messages({ user: openId }).length;
      const { platformMessageId } = await messenger.sendPrompt(m, {
        personId: 'p1',
        name: '李明',
        timeZone: 'Asia/Shanghai',
        chatId: null,
        identities: [{ channel: 'feishu', externalId: openId }],
      });
      const sent = emu.messages({ user: openId }).slice(before);
      expect(sent.map((x) => x.messageId)).toEqual(platformMessageId.split(','));
      expect(emu.counters().rejections ?? {}).toEqual({});
      const of = sent.length;
      if (n >= 4 && kind === 'weekly') expect(of).toBeGreaterThan(1);
      const asked = (payload as { checkItems: PeriodItemView[] }).checkItems.map((it) => `q_${it.category}_${it.seq}`);
      expect(sent.flatMap(itemsOf).sort()).toEqual(of > 1 ? [...asked].sort() : []);
      sent.forEach((x, i) => {
        within(x.card as unknown as CardJson, `part ${i + 1}/${of}`);
        expect(buttons(x.card).some((b) => b.name === (kind === 'weekly' ? 'weekly_submit' : 'monthly_submit'))).toBe(
          i === of - 1,
        );
      });
      // every part redrawn: with long answers entered and saved, with the contradiction question on the last, done
      const long = '冬季锅炉运行检查记录不全，需补充'.repeat(40).slice(0, 500);
      const entered = Object.fromEntries(
        asked.flatMap((id) => [
          [id, 'abnormal'],
          [`${id}_level`, 'major'],
          [`${id}_note`, long],
        ]),
      );
      // (the redraws are pure: measured for the smallest, the first split and the largest unit)
      for (let i = 1; i <= ([1, 4, ALL.length].includes(n) ? of : 0); i++) {
        const part = { index: i, of };
        const states = [
          {
            part,
            form: { entered, saved: '已保存 08:30 · 正常 0 项 · 异常 6 项：各部分保存后，请在最后一张卡片提交' },
          },
          {
            part,
            form: {
              entered: { ...entered, evaluation: long, findings: long },
              question: '本周有 1 条严重隐患仍未闭环，确定填写“无”吗？',
            },
          },
          { part, done: { line: '已提交 18:02 · 李明 · 2026-W49 周排查报告', tone: 'success' as const } },
        ];
        for (const state of states) {
          const card = periodCard(payload as never, ctx, state);
          within(card, `${kind} ${n}: part ${i}/${of} ${Object.keys(state).join('+')}`);
          expect(JSON.stringify(card)).toContain(of > 1 ? `（${i}/${of}）` : '');
        }
      }
    },
    60_000,
  );
});
