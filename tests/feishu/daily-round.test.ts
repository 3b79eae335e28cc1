/**
 * A full daily round through the real Feishu SDK and the local emulator: cards sent, one-tap
 * zero risk, a form with 异常 严重, the device paused and the director's hazard card, refusals.
 */

import type { StoredMessage } from '@safeduty/feishu-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type FeishuHarness, feishuHarness, OPEN_IDS } from '../helpers/feishu-service.js';
import { decodeEntities } from './cards/card-helpers.js';

/** The card as a person reads it (user text is written as HTML entities). */
const cardText = (m: StoredMessage) => decodeEntities(JSON.stringify(m.card ?? {}));

describe('the daily round in Feishu (long connection)', () => {
  let h: FeishuHarness;
  let zhangCard: StoredMessage;

  beforeAll(async () => {
    h = await feishuHarness({ start: '2026-12-01T00:30:00Z' });
  }, 30_000);
  afterAll(async () => h?.close());

  it('sends each officer their daily card(s) and the director the weekly card', async () => {
    zhangCard = await eventually(() =>
      h.emu.messages({ user: OPEN_IDS['张三'] }).find((m) => cardText(m).includes('1号楼1号客梯')),
    );
    expect(cardText(zhangCard)).toContain('1号楼3号货梯');
    expect(cardText(zhangCard)).toContain('确认 1号楼1号客梯');
    await eventually(() => h.emu.messages({ user: OPEN_IDS['李明'] }).length > 0);
    for (const officer of ['李四', '赵敏']) {
      const cards = h.emu.messages({ user: OPEN_IDS[officer] });
      expect(cards.length).toBeGreaterThan(0);
      for (const m of cards)
        expect(m.card?.['header']).toMatchObject({
          title: { content: expect.stringMatching(/^日管控 · 12月1日 设备检查/) },
        });
    }
    const c = h.emu.counters();
    expect(c.rejections ?? {}).toEqual({});
  });

  it('records a one-tap zero-risk report and turns that device read-only', async () => {
    const r = await h.emu.actOnCard({ messageId: zhangCard.messageId, user: OPEN_IDS['张三']!, element: 'd1_zero' });
    expect(r.ok).toBe(true);
    expect(r.toast?.content).toBe('已提交 08:30 · 张三 · 1 台零风险');
    const now = h.emu.message(zhangCard.messageId)!;
    expect(cardText(now)).toContain('已提交 08:30 · 张三 · 零风险');
    expect(cardText(now)).not.toContain('d1_zero');
  });

  it(
    'opens a device for 逐项检查, refuses an 异常 without its details, then stores it with them: device paused, ' +
      'director told',
    async () => {
      const opened = await h.emu.actOnCard({
        messageId: zhangCard.messageId,
        user: OPEN_IDS['张三']!,
        element: 'd2_open',
      });
      expect(opened.ok).toBe(true);
      expect(cardText(h.emu.message(zhangCard.messageId)!)).toContain('管控标准：');
      const bad = await h.emu.actOnCard({
        messageId: zhangCard.messageId,
        user: OPEN_IDS['张三']!,
        element: 'd2_submit',
        form: { d2_i2: 'abnormal', d2_rest: 'normal' },
      });
      expect(bad.toast?.type).toBe('error');
      expect(bad.toast?.content).toMatch(/第 2 项“[^”]+”为异常：请填写问题描述、隐患等级、已采取的措施、是否停止使用/);
      // The card came back with the choice kept and a 异常 block of item 2's own.
      const ok = await h.emu.actOnCard({
        messageId: zhangCard.messageId,
        user: OPEN_IDS['张三']!,
        element: 'd2_submit',
        form: {
          d2_x2_desc: '轿门关闭时有异响',
          d2_x2_level: 'serious',
          d2_x2_measures: '已张贴停用告示并通知维保',
          d2_x2_stop: 'yes',
        },
      });
      expect(ok.toast).toMatchObject({ type: 'success' });
      expect(ok.toast?.content).toMatch(/1 项异常/);
      const hazardCard = await eventually(() =>
        h.emu.messages({ user: OPEN_IDS['李明'] }).find((m) => cardText(m).includes('轿门关闭时有异响')),
      );
      expect(cardText(hazardCard)).toContain('hazard_confirm');
      await eventually(() =>
        h.emu.messages({ user: OPEN_IDS['王建国'] }).find((m) => cardText(m).includes('轿门关闭时有异响')),
      );
      expect(cardText(h.emu.message(zhangCard.messageId)!)).toContain('d3_zero'); // back to the device list
    },
  );

  it('turns the whole card read-only when every device is answered', async () => {
    const r = await h.emu.actOnCard({ messageId: zhangCard.messageId, user: OPEN_IDS['张三']!, element: 'd3_zero' });
    expect(r.ok).toBe(true);
    const card = cardText(h.emu.message(zhangCard.messageId)!);
    expect(card).not.toMatch(/"(d\d_(zero|submit|open)|all_zero)"/);
    expect(card).toMatch(/已提交 08:30 · 张三/);
  });

  it('escalates the unanswered devices to the director in one card, and takes 已知悉/督办', async () => {
    h.clock.set('2026-12-01T09:30:00Z');
    const esc = await eventually(() =>
      h.emu.messages({ user: OPEN_IDS['李明'] }).find((m) => cardText(m).includes('"a":"ack"')),
    );
    const text = cardText(esc);
    for (const name of ['李四', '赵敏', '2号楼1号客梯', '燃气热水锅炉']) expect(text).toContain(name);
    expect(text).not.toContain('1号楼1号客梯'); // 张三 answered everything
    const ackButton = JSON.stringify(esc.card).match(/"name":"([^"]*ack[^"]*)"/)?.[1];
    expect(ackButton).toBeDefined();
    const r = await h.emu.actOnCard({ messageId: esc.messageId, user: OPEN_IDS['李明']!, element: ackButton! });
    expect(r.toast).toMatchObject({
      type: 'success',
      content: expect.stringMatching(/^已知悉\/督办 · 李明 · 2026-12-01 日管控检查/),
    });
  });

  it('answers typed text with a short explanation', async () => {
    await h.emu.sendUserMessage({ from: OPEN_IDS['张三']!, text: '帮助' });
    await eventually(() =>
      h.emu
        .messages({ user: OPEN_IDS['张三'] })
        .find((m) => m.msgType === 'text' && m.sender.type === 'app' && m.content.includes('我可以帮您')),
    );
  });
});
