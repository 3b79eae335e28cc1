/**
 * Dates typed in chat commands, through handleText on a real database: 检验 <设备> <日期> and
 * 导出 … <日期> in the forms people type (2027/11/30, 2027年11月30日, 11月30日, full-width digits),
 * and a day that does not exist refused in Chinese with what to type instead.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_WRITERS } from '../../src/adapters/reports/writers.js';
import { type ChatAccount, handleText } from '../../src/app/commands/handle-text.js';
import { createInvite } from '../../src/app/commands/invite.js';
import { demoEngine, type TestEngine } from '../helpers/engine.js';

describe('dates typed in commands', () => {
  let e: TestEngine;
  const acct = (name: string): ChatAccount => ({ channel: 'feishu', externalId: `ou_${name}` });
  const say = async (name: string, text: string) =>
    (await handleText({ ...e, writers: REPORT_WRITERS }, acct(name), text)).text;

  beforeAll(async () => {
    // 2026-12-08 10:00 in Shanghai
    e = await demoEngine({ start: '2026-12-08T02:00:00Z' });
    const p = (await e.store.findPeople('李明'))[0]!;
    const { code } = await createInvite(e, p.id, e.clock.now());
    await say('李明', `绑定 ${code}`);
  });
  afterAll(async () => e?.close());

  it.each([
    ['2027/11/30', '2027年11月30日'],
    ['2027年11月29日', '2027年11月29日'],
    ['２０２７－１１－２８', '2027年11月28日'],
    // without a year: the next such day (a 下次检验日期 lies ahead)
    ['12月1日', '2027年12月1日'],
    ['12.9', '2026年12月9日'],
  ])('检验 锅炉 %s 合格 records %s', async (typed, words) => {
    expect(await say('李明', `检验 锅炉 ${typed} 合格`)).toContain(`下次检验日期 ${words}`);
    expect(await say('李明', '设备 锅炉')).toContain(`下次检验日期：${words}`);
  });

  it('检验 with a day that does not exist says so and what to type', async () => {
    for (const typed of ['2027-02-30', '13月1日', '2027/4/31']) {
      const reply = await say('李明', `检验 锅炉 ${typed} 合格`);
      expect(reply).toContain(
        `日期“${typed}”不存在：请写检验报告上的下次检验日期，例如 2027-12-31、2027/12/31、12月31日 或 明天`,
      );
      expect(reply).toContain('用法：检验');
    }
    expect(await say('李明', '检验 锅炉 今天 合格')).toContain('下次检验日期须晚于今天（2026年12月8日）');
  });

  it('导出 takes typed dates in either order; without a year, the last such day', async () => {
    expect(await say('李明', '导出 日检 12月1日 12月7日')).toContain('（2026-12-01 至 2026-12-07）');
    expect(await say('李明', '导出 日检 2026/12/7 2026/12/1 excel')).toContain('（2026-12-01 至 2026-12-07）');
    expect(await say('李明', '导出 日检 昨天')).toContain('（2026-12-07）');
    // 12月9日 has not come yet this year: last year's
    expect(await say('李明', '导出 日检 12月9日 12月12日')).toContain('（2025-12-09 至 2025-12-12）');
  });

  it('导出 with a day that does not exist, or three dates, says what to type', async () => {
    expect(await say('李明', '导出 日检 2026-11-31')).toBe(
      '没有“2026-11-31”这一天：请写 2026-12-01 或 12月1日 这样的日期。例如：导出 周报 上周；导出 日检 2026-12-01 2026-12-07 电梯；导出 日检 12月1日 ' +
        '12月7日；导出 隐患 excel；导出 职责 电梯；导出 守则',
    );
    expect(await say('李明', '导出 日检 12-1 12-2 12-3')).toContain('最多写两个日期（起、止）');
  });
});
