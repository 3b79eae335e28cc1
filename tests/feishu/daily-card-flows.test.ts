/**
 * The daily card as officers use it, through the real SDK and the emulator: 全部正常 for the whole
 * card in one tap; a filled-in 异常 that names no item is refused, never recorded as clean (issue
 * 11, break 2); untouched selects are unanswered; text is stored exactly as typed.
 */

import type { StoredMessage } from '@safeduty/feishu-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaStore } from '../../src/adapters/store/prisma-store.js';
import { eventually, type FeishuHarness, feishuHarness, OPEN_IDS } from '../helpers/feishu-service.js';

const cardText = (m: StoredMessage) => JSON.stringify(m.card ?? {});

describe('the daily card, as officers answer it', () => {
  let h: FeishuHarness;
  let admin: PrismaStore;
  const cardOf = (name: string) =>
    eventually(() => h.emu.messages({ user: OPEN_IDS[name] }).find((m) => cardText(m).includes('日管控')));
  const act = (name: string, messageId: string, element: string, form?: Record<string, string>) =>
    h.emu.actOnCard({ messageId, user: OPEN_IDS[name]!, element, ...(form ? { form } : {}) });
  const records = () => admin.db.record.findMany({ where: { kind: 'daily_check' }, orderBy: { seq: 'asc' } });

  beforeAll(async () => {
    h = await feishuHarness({ start: '2026-12-01T00:30:00Z' });
    admin = await PrismaStore.open(h.dbUrl);
  }, 30_000);
  afterAll(async () => {
    await admin?.close();
    await h?.close();
  });

  it('records a whole clean card with one tap on 全部正常, naming what it confirms', async () => {
    const card = await cardOf('李四');
    expect(cardText(card)).toContain('全部正常（零风险报告）：确认本卡 3 台设备今日各项检查均正常');
    const r = await act('李四', card.messageId, 'all_zero');
    expect(r.toast).toEqual({ type: 'success', content: '已提交 08:30 · 李四 · 3 台零风险' });
    const stored = await records();
    expect(stored).toHaveLength(3);
    for (const rec of stored) expect(rec.payload).toMatchObject({ zeroRisk: true });
    const now = h.emu.message(card.messageId)!;
    expect(now.card?.['header']).toMatchObject({
      template: 'green',
      subtitle: { content: '已提交 08:30 · 李四 · 3 台零风险' },
    });
    expect(cardText(now)).not.toContain('all_zero');
  });

  it('refuses a filled-in serious finding left on 正常 items, asking which item, storing nothing', async () => {
    const card = await cardOf('赵敏');
    expect((await act('赵敏', card.messageId, 'd1_open')).ok).toBe(true);
    const before = (await records()).length;
    const r = await act('赵敏', card.messageId, 'd1_submit', {
      d1_rest: 'normal',
      d1_a1_desc: '炉膛压力异常升高',
      d1_a1_level: 'serious',
      d1_a1_measures: '已紧急停炉',
      d1_a1_stop: 'yes',
    });
    expect(r.toast?.type).toBe('error');
    expect(r.toast?.content).toMatch(/没有选择是哪一项异常：请在“异常项”中选择对应的检查项/);
    expect(await records()).toHaveLength(before);
    expect(await admin.db.hazard.count()).toBe(0);
    const device = await admin.db.equipment.findUniqueOrThrow({ where: { code: '11101201160001' } });
    expect(device.status).toBe('in_use');
    // The form comes back with what was typed, so nothing is lost.
    expect(cardText(h.emu.message(card.messageId)!)).toContain('炉膛压力异常升高');
  });

  it('takes untouched selects as unanswered and names them; never as 正常', async () => {
    const card = h.emu.messages({ user: OPEN_IDS['赵敏'] }).find((m) => cardText(m).includes('日管控'))!;
    // Back to the list and in again: a fresh form, nothing chosen.
    expect((await act('赵敏', card.messageId, 'd1_list')).ok).toBe(true);
    expect((await act('赵敏', card.messageId, 'd1_open')).ok).toBe(true);
    expect(cardText(h.emu.message(card.messageId)!)).not.toContain('炉膛压力异常升高');
    const r = await act('赵敏', card.messageId, 'd1_submit', { d1_i1: 'normal' });
    expect(r.toast?.type).toBe('error');
    expect(r.toast?.content).toMatch(/还有 13 项未选择（第 2、3、4/);
  });

  it('stores the description exactly as typed (full-width, spaces) in the record and the hazard', async () => {
    const card = h.emu.messages({ user: OPEN_IDS['赵敏'] }).find((m) => cardText(m).includes('日管控'))!;
    const typed = '  ２号燃烧器　点火失败（ＡＢＣ）！ ';
    const r = await act('赵敏', card.messageId, 'd1_submit', {
      d1_rest: 'normal',
      d1_a1_item: '4',
      d1_a1_desc: typed,
      d1_a1_level: 'general',
      d1_a1_measures: '已联系厂家，ＴＥＬ：１２３',
      d1_a1_stop: 'no',
    });
    expect(r.toast).toMatchObject({ type: 'success' });
    const rec = (await records()).at(-1)!;
    const item = (
      rec.payload as object as { items: { seq: number; result: string; description?: string; measures?: string }[] }
    ).items.find((i) => i.result === 'abnormal');
    expect(item).toMatchObject({ seq: 4, description: typed, measures: '已联系厂家，ＴＥＬ：１２３' });
    const hazard = await admin.db.hazard.findFirstOrThrow();
    expect(hazard.description).toContain(typed);
  });
});
