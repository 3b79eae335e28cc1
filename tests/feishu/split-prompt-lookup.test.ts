/**
 * A prompt sent as several Feishu cards (the weekly card of a unit with every category) answers from
 * its second card on PostgreSQL (with TEST_PG_URL; tests/feishu/period-parts.test.ts answers every
 * card on SQLite): through the whole service, the real SDK and the emulator, the director saves the
 * second card, and the callback finds its message by that card's id alone (PlatformMessage: one row
 * per card, all naming the one outbox message).
 */
import type { StoredMessage } from '@safeduty/feishu-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaStore } from '../../src/adapters/store/prisma-store.js';
import { everyCategory } from '../helpers/config-fixture.js';
import { freshDatabase, TEST_PG_URL, type TestDatabase } from '../helpers/databases.js';
import { eventually, type FeishuHarness, feishuHarness, OPEN_IDS } from '../helpers/feishu-service.js';
import { decodeEntities } from './cards/card-helpers.js';

const cardText = (m: StoredMessage) => decodeEntities(JSON.stringify(m.card ?? {}));

describe.skipIf(!TEST_PG_URL)('a prompt in several cards, answered from its second card, on PostgreSQL', () => {
  let db: TestDatabase | undefined;
  let h: FeishuHarness;
  const director = OPEN_IDS['李明']!;

  beforeAll(async () => {
    db = await freshDatabase('postgresql');
    h = await feishuHarness({ start: '2026-12-01T00:30:00Z', unit: everyCategory, dbUrl: db.url });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
    await db?.drop();
  });

  it('finds the message from the second card and saves that part', async () => {
    const parts = await eventually(() => {
      const cards = h.emu.messages({ user: director }).filter((m) => cardText(m).includes('周排查 ·'));
      const of = Number(/（1\/(\d+)）/.exec(cards[0] ? cardText(cards[0]) : '')?.[1] ?? 0);
      return of > 2 && cards.length === of ? cards : undefined;
    });
    const second = parts[1]!;
    const r = await h.emu.actOnCard({
      messageId: second.messageId,
      user: director,
      element: 'part_save',
      form: { q_rest: 'normal' },
    });
    expect(r.toast?.type, r.toast?.content).toBe('success');
    expect(r.toast?.content).toMatch(/^已保存 08:30 · 正常 \d+ 项/);
    expect(cardText(h.emu.message(second.messageId)!)).toContain('已保存 08:30');
    expect(cardText(h.emu.message(second.messageId)!)).toContain(`（2/${parts.length}）`);

    const store = await PrismaStore.open(h.dbUrl);
    try {
      const rows = await store.db.platformMessage.findMany({
        where: { platformMessageId: { in: parts.map((p) => p.messageId) } },
      });
      expect(rows).toHaveLength(parts.length);
      expect(new Set(rows.map((x) => `${x.messageId} ${x.channel}`)).size).toBe(1);
      const message = await store.db.message.findUniqueOrThrow({ where: { id: rows[0]!.messageId } });
      expect(message.platformMessageId).toBe(parts.map((p) => p.messageId).join(','));
      expect(rows[0]!.channel).toBe('feishu');
    } finally {
      await store.close();
    }
  });
});
