/**
 * The store contract, run on SQLite and (when TEST_PG_URL is set, as in .ci/run) on PostgreSQL.
 * Applying configuration is idempotent and keeps every appointment and status change as history.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaStore } from '../../src/adapters/store/prisma-store.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { UnitSpec } from '../../src/domain/unit-spec.js';
import { demoConfigDir } from '../helpers/config-fixture.js';
import { freshDatabase, PROVIDERS, type TestDatabase } from '../helpers/databases.js';

const T0 = new Date('2026-11-30T01:00:00Z');
const T1 = new Date('2026-12-02T01:00:00Z');
const T2 = new Date('2026-12-05T01:00:00Z');

const units = (edit?: (s: string) => string): UnitSpec[] => [
  ...loadConfig({ dir: demoConfigDir(edit), env: {} }).units,
];

describe.each(PROVIDERS)('store on %s', (provider) => {
  let db: TestDatabase;
  let store: PrismaStore;

  beforeAll(async () => {
    db = await freshDatabase(provider);
    store = await PrismaStore.open(db.url);
  });
  afterAll(async () => {
    await store?.close();
    await db?.drop();
  });

  it('applies the demo unit', async () => {
    const [r] = await store.applyUnits(units(), T0);
    expect(r).toMatchObject({ key: 'wanjia-property', created: true });
    expect(await store.counts()).toEqual({ units: 1, people: 5, equipment: 9, roleAssignments: 5, checklists: 3 });
    const history = await store.equipmentHistory('31101201160003');
    expect(
      history.map((h) => [h.field, h.fromValue, h.toValue === 'paused' ? 'paused' : 'officer-id', h.actor]),
    ).toEqual([
      ['status', null, 'paused', '配置文件'],
      ['officer', null, 'officer-id', '配置文件'],
    ]);
    expect(history[0]!.reason).toBe('曳引机更换，维修中');
  });

  it('writes nothing when the same configuration is applied again', async () => {
    const before = await store.counts();
    const [r] = await store.applyUnits(units(), T1);
    expect(r).toMatchObject({ created: false, changes: [] });
    expect(await store.counts()).toEqual(before);
    expect(await store.equipmentHistory('31101201160003')).toHaveLength(2);
  });

  it('keeps appointments from the start date in config, in the unit time zone', async () => {
    const rows = await store.roleHistory('wanjia-property');
    const director = rows.find((r) => r.role === 'director')!;
    expect(director).toMatchObject({ personName: '李明', title: '安全总监', endAt: null, categories: [] });
    expect(director.startAt.toISOString()).toBe('2024-12-31T16:00:00.000Z');
  });

  it('ends an adjusted appointment and records the new one', async () => {
    // 李四 now also looks after the boiler; 张三 stops being an officer (removed from the file).
    const edited = units((s) =>
      s
        .replace(
          '{ role: officer, categories: [elevator], since: "2025-01-01", reason: 负责 2 号楼电梯 }',
          '{ role: officer, categories: [elevator, boiler], reason: 增加锅炉 }',
        )
        .replace(/ {2}- name: 张三[\s\S]*?(?= {2}- name: 李四)/, '')
        .replaceAll('officer: 张三', 'officer: 李四'),
    );
    const [r] = await store.applyUnits(edited, T1);
    expect(r!.changes).toEqual(expect.arrayContaining(['调整 李四 为安全员（电梯、锅炉）', '免去 张三 的安全员']));
    const rows = await store.roleHistory('wanjia-property');
    const lisi = rows.filter((x) => x.personName === '李四');
    expect(lisi).toHaveLength(2);
    expect(lisi[0]!.endAt?.toISOString()).toBe(T1.toISOString());
    expect(lisi[1]).toMatchObject({ categories: ['elevator', 'boiler'], endAt: null, reason: '增加锅炉' });
    const zhang = rows.filter((x) => x.personName === '张三');
    expect(zhang).toHaveLength(1);
    expect(zhang[0]!.endAt?.toISOString()).toBe(T1.toISOString());
    expect((await store.counts()).people).toBe(5); // nobody is deleted
    const officerChanges = (await store.equipmentHistory('31101201160001')).filter((h) => h.field === 'officer');
    expect(officerChanges).toHaveLength(2);
  });

  it('records a status change from configuration once, with its reason', async () => {
    const resumed = (s: string) =>
      s
        .replace('status: paused', 'status: in_use')
        .replace('status_reason: 曳引机更换，维修中', 'status_reason: 维修完毕，检验合格');
    await store.applyUnits(units(resumed), T1);
    await store.applyUnits(units(resumed), T2);
    const status = (await store.equipmentHistory('31101201160003')).filter((h) => h.field === 'status');
    expect(status.map((h) => [h.fromValue, h.toValue, h.reason])).toEqual([
      [null, 'paused', '曳引机更换，维修中'],
      ['paused', 'in_use', '维修完毕，检验合格'],
    ]);
  });

  it('does not undo a status changed in chat when the same configuration is applied again', async () => {
    const resumed = (s: string) => s.replace('status: paused', 'status: in_use');
    // A director paused the device in chat (the engine writes status and a change row).
    const eq = await store.db.equipment.findUniqueOrThrow({ where: { code: '31101201160003' } });
    await store.db.equipment.update({ where: { id: eq.id }, data: { status: 'paused' } });
    await store.applyUnits(units(resumed), T2);
    expect((await store.db.equipment.findUniqueOrThrow({ where: { code: '31101201160003' } })).status).toBe('paused');
  });

  it('versions a changed checklist and answers which version is in force on a date', async () => {
    const extended = (s: string) =>
      `${s}\nchecklists:\n  elevator:\n    effective_date: "2027-01-01"\n    extend:\n      - { group: 环境, ` +
      `content: 电梯厅积水检查, standard: 电梯厅及层门地坎处无积水 }\n`;
    const [r] = await store.applyUnits(units(extended), T1);
    expect(r!.changes).toContain('电梯安全风险管控清单 第 2 版，2027-01-01 起生效');
    const dec = await store.checklistInForce('wanjia-property', 'elevator', '2026-12-15');
    const jan = await store.checklistInForce('wanjia-property', 'elevator', '2027-01-01');
    expect(dec?.version).toBe(1);
    expect(jan?.version).toBe(2);
    expect(jan!.items.length).toBe(dec!.items.length + 1);
    expect(jan!.items.at(-1)).toMatchObject({ content: '电梯厅积水检查', frequency: 'daily', required: true });
    expect(await store.checklistInForce('wanjia-property', 'elevator', '2026-11-01')).toBeNull();
    await store.applyUnits(units(extended), T2);
    expect((await store.counts()).checklists).toBe(4);
  });

  it('keeps equipment that disappeared from the configuration', async () => {
    await store.applyUnits(
      units((s) => s.replace(/ {2}- \{ code: "51101201160002".*\n/, '')),
      T2,
    );
    expect(await store.db.equipment.count()).toBe(9);
  });

  it('refuses equipment that belongs to another unit', async () => {
    const other = units((s) =>
      s.replace('key: wanjia-property', 'key: other-unit').replace('91120116MA05K8XQ3H', '91120000MA06A1B2CF'),
    );
    await expect(store.applyUnits(other, T2)).rejects.toThrow(/已登记在另一单位/);
    expect(await store.db.unit.count()).toBe(1); // the failed unit's transaction was rolled back
  });

  it(
    'counts an account’s wrong invite codes within the window only, ' + 'and lists missed tasks since an instant',
    async () => {
      for (const at of [T0, T1, T1, T2]) await store.recordBindFailure('feishu', 'ou_guess', at);
      await store.recordBindFailure('feishu', 'ou_other', T2);
      expect(await store.bindFailuresSince('feishu', 'ou_guess', T0)).toEqual([T1, T1, T2]);
      expect(await store.bindFailuresSince('telegram', 'ou_guess', T0)).toEqual([]);

      const unit = await store.db.unit.findFirstOrThrow();
      const device = await store.db.equipment.findFirstOrThrow({ where: { code: '31101201160001' } });
      const task = (day: string, state: string) => ({
        key: `task:t:daily:${day}:${device.id}`,
        unitId: unit.id,
        kind: 'daily',
        period: day,
        subjectId: device.id,
        assigneeId: device.officerId,
        opensAt: new Date(`${day}T00:30:00Z`),
        dueAt: new Date(`${day}T09:30:00Z`),
        state,
      });
      await store.db.task.createMany({
        data: [
          task('2026-11-20', 'missed'),
          task('2026-11-30', 'missed'),
          task('2026-12-01', 'done'),
          task('2026-12-02', 'missed'),
        ],
      });
      const since = new Date('2026-11-25T16:00:00Z');
      const all = await store.missedTasks(unit.id, since, null, 10);
      expect(all.total).toBe(2);
      expect(all.rows.map((r) => [r.period, r.device])).toEqual([
        ['2026-11-30', '1号楼1号客梯'],
        ['2026-12-02', '1号楼1号客梯'],
      ]);
      expect((await store.missedTasks(unit.id, since, 'someone-else', 10)).total).toBe(0);
      expect((await store.missedTasks(unit.id, since, null, 1)).rows).toHaveLength(1);
    },
  );
});
