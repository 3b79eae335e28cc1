/**
 * Chat commands end to end on a real database: binding with one-time codes, and a permission
 * matrix (officer, director, principal, stranger, someone of another unit).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_WRITERS } from '../../src/adapters/reports/writers.js';
import { type ChatAccount, handleText } from '../../src/app/commands/handle-text.js';
import { createInvite } from '../../src/app/commands/invite.js';
import { runTick } from '../../src/app/run-tick.js';
import { submitDailyCheck } from '../../src/app/submit-daily-check.js';
import { demoEngine, type TestEngine } from '../helpers/engine.js';

const OTHER_UNIT = `key: other-unit
name: 天津另一家物业公司
credit_code: 91120000MA06A1B2CF
people:
  - name: 钱七
    mobile: "13900000007"
    roles: [{ role: director }, { role: officer, categories: [elevator] }]
equipment:
  - { code: "99999999990001", category: elevator, name: 另一家的电梯, officer: 钱七 }
`;

describe('chat commands', () => {
  let e: TestEngine;
  const acct = (name: string): ChatAccount => ({ channel: 'feishu', externalId: `ou_${name}` });
  const say = async (name: string, text: string) =>
    (await handleText({ ...e, writers: REPORT_WRITERS }, acct(name), text)).text;

  beforeAll(async () => {
    e = await demoEngine({ start: '2026-12-01T00:30:00Z', files: { 'units/other-unit.yaml': OTHER_UNIT } });
    await runTick(e);
    // Everyone but the stranger binds with a one-time code.
    for (const name of ['王建国', '李明', '张三', '李四', '钱七']) {
      const p = (await e.store.findPeople(name))[0]!;
      const { code } = await createInvite(e, p.id, e.clock.now());
      expect(await say(name, `绑定 ${code.toLowerCase()}`)).toMatch(new RegExp(`^绑定成功！${name}`));
    }
  });
  afterAll(async () => e?.close());

  describe('binding', () => {
    it('refuses a wrong code without revealing anything', async () => {
      expect(await say('stranger', '绑定 ZZZZ2222')).toBe(
        '邀请码无效或已过期（有效期 24 小时，只能使用一次）。请向管理员索取新的邀请码。',
      );
    });
    it('refuses a used code', async () => {
      const p = (await e.store.findPeople('赵敏'))[0]!;
      const { code } = await createInvite(e, p.id, e.clock.now());
      expect(await say('赵敏', `绑定 ${code}`)).toMatch(/^绑定成功/);
      expect(await say('someone-else', `绑定 ${code}`)).toMatch(/^邀请码无效或已过期/);
    });
    it('refuses an expired code', async () => {
      const p = (await e.store.findPeople('赵敏'))[0]!;
      const { code } = await createInvite(e, p.id, new Date('2026-11-29T00:00:00Z'));
      expect(await say('late', `绑定 ${code}`)).toMatch(/^邀请码无效或已过期/);
    });
    it('asks a stranger to bind first', async () => {
      expect(await say('stranger', '逾期')).toMatch(/尚未绑定/);
      expect(await say('stranger', '帮助')).toMatch(/尚未绑定/);
    });
  });

  describe('permission matrix', () => {
    it('逾期: an officer sees his own, the director and the principal the whole unit', async () => {
      e.clock.set('2026-12-01T09:35:00Z'); // 17:35, past the deadline
      expect(await say('张三', '逾期')).toMatch(/^逾期 3 项/);
      const d = await say('李明', '逾期');
      expect(d).toMatch(/^逾期 9 项/);
      expect(d).toContain('张三（3 项）');
      expect(d).toContain('赵敏（3 项）');
      expect(d).toContain('逾期 5 分钟');
      expect(await say('王建国', 'overdue')).toMatch(/^逾期 9 项/);
      expect(await say('钱七', '逾期')).not.toContain('张三');
    });

    it('设备: an officer lists his devices; managers all; nothing crosses units', async () => {
      const z = await say('张三', '设备');
      expect(z).toMatch(/^设备 3 台/);
      expect(z).not.toContain('2号楼');
      expect(await say('李明', '设备')).toMatch(/^设备 9 台/);
      expect(await say('李明', '设备 叉车')).toMatch(/^设备 2 台/);
      const other = await say('钱七', '设备');
      expect(other).toContain('另一家的电梯');
      expect(other).not.toContain('1号楼');
    });

    it('停用/启用: only the director, recorded in the status history', async () => {
      expect(await say('张三', '停用 1号楼1号客梯 维修')).toBe('只有安全总监可以停用设备。');
      expect(await say('王建国', '停用 1号楼1号客梯 维修')).toBe('只有安全总监可以停用设备。');
      expect(await say('钱七', '停用 1号楼1号客梯 维修')).toMatch(/^找不到设备/);
      expect(await say('李明', '停用 1号楼1号客梯 更换钢丝绳')).toBe(
        '已停用 1号楼1号客梯（原因：更换钢丝绳），已记入设备状态记录。',
      );
      const last = (await e.store.equipmentHistory('31101201160001')).at(-1)!;
      expect(last).toMatchObject({ fromValue: 'in_use', toValue: 'paused', actor: '李明', reason: '更换钢丝绳' });
      expect(await say('李明', '启用 1号楼1号客梯')).toBe('已启用 1号楼1号客梯，已记入设备状态记录。');
    });

    it('启用 is refused while a serious hazard on the device is not verified', async () => {
      e.clock.set('2026-12-02T01:00:00Z');
      await runTick(e);
      const zhang = (await e.store.findPeople('张三'))[0]!;
      const device = (await e.store.db.equipment.findUniqueOrThrow({ where: { code: '31101201160002' } })).id;
      const key = `task:wanjia-property:daily:2026-12-02:${device}`;
      const r = await submitDailyCheck(e, {
        actorId: zhang.id,
        answers: [
          {
            taskKey: key,
            zeroRisk: false,
            items: [
              {
                seq: 1,
                result: 'abnormal',
                description: '钢丝绳断丝',
                level: 'serious',
                measures: '已停梯',
                stoppedUse: true,
              },
              ...Array.from({ length: 11 }, (_, i) => ({ seq: i + 2, result: 'normal' as const })),
            ] as never,
          },
        ],
      });
      expect(r.ok).toBe(true);
      expect(await say('李明', '启用 1号楼2号客梯')).toMatch(
        /^1号楼2号客梯 还有未核实的严重隐患（.*钢丝绳断丝），核实整改后才能启用。$/,
      );
    });

    it('隐患: the officer sees hazards of his devices, another officer does not', async () => {
      expect(await say('张三', '隐患')).toMatch(/^未关闭隐患 1 条/);
      // Scoped answers say they are scoped.
      expect(await say('李四', '隐患')).toBe('您负责的设备和您承办的事项中没有未关闭的隐患。');
      expect(await say('李明', '隐患 全部')).toMatch(/^全部隐患 1 条/);
    });

    it('上报隐患 asks for the level, then files it', async () => {
      expect(await say('李四', '上报隐患 2号楼1号客梯 轿厢照明不亮')).toMatch(/请回复隐患等级：1 一般/);
      expect(await say('李四', '1')).toMatch(/^已上报一般隐患：2号楼1号客梯 轿厢照明不亮/);
      expect(await say('李四', '上报隐患 客梯 漏油')).toMatch(
        /^“客梯”对应 4 台设备，请回复序号选择：\n1\. 2号楼1号客梯/,
      );
      expect(await say('李四', '取消')).toBe('已取消“上报隐患”的设备选择，没有保存任何内容。');
    });

    it('意见: officers and directors advise; the principal cannot', async () => {
      expect(await say('张三', '意见 建议更换1号楼电梯五方对讲')).toMatch(/^意见建议已提交给 王建国/);
      expect(await say('王建国', '意见 随便说说')).toBe('意见建议由安全总监或安全员向主要负责人提出');
    });

    it('今日, 本周, 我, 帮助 answer in Chinese for the asker only', async () => {
      expect(await say('李四', '今日')).toMatch(/^今日任务（12月2日）/);
      expect(await say('张三', '本周')).toMatch(/日管控：应检 \d+/);
      expect(await say('张三', '我')).toBe(
        '张三（138****0003）\n天津万家物业管理有限公司：安全员（电梯）\n证书：\n· 特种设备安全管理人员证（A）（TJA2023000456）：有效期至 2027年6月30日\n培训考核记录 1 条',
      );
      const help = await say('张三', '帮助');
      expect(help).toContain('逾期');
      expect(help).not.toContain('停用');
      expect(await say('李明', '帮助')).toContain('停用');
    });

    it('an unknown command suggests the closest and never crashes', async () => {
      expect(await say('张三', 'overdeu')).toMatch(/逾期/);
      for (const junk of ['', '   ', '💥'.repeat(500), '\u0000\u0001', '／／／'])
        expect(typeof (await say('张三', junk))).toBe('string');
    });
  });
});
