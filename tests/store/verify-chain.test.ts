/**
 * The record chain proves itself: `verifyChain` passes on untouched records (SQLite and
 * PostgreSQL, whose jsonb reorders keys) and names the first broken record and field when a row is
 * edited or deleted directly in the SQLite file, as someone with database access might.
 */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { sqlitePath } from '../../src/adapters/store/db.js';
import { runTick } from '../../src/app/run-tick.js';
import { submitDailyCheck } from '../../src/app/submit-daily-check.js';
import { PROVIDERS } from '../helpers/databases.js';
import { demoEngine, type TestEngine } from '../helpers/engine.js';

let e: TestEngine | undefined;
afterEach(async () => {
  await e?.close();
  e = undefined;
});

/** Three officers answer: nine daily_check records, one with a serious hazard. */
async function withRecords(provider: 'sqlite' | 'postgresql' = 'sqlite'): Promise<TestEngine> {
  e = await demoEngine({ start: '2026-12-01T00:30:00Z', provider });
  await runTick(e);
  for (const name of ['张三', '李四', '赵敏']) {
    const p = (await e.store.findPeople(name))[0]!;
    const tasks = await e.store.openTasksOf(p.id, ['daily']);
    const r = await submitDailyCheck(e, {
      actorId: p.id,
      answers: tasks.map((t) => ({ taskKey: t.key, zeroRisk: true, items: [] })),
    });
    expect(r.ok).toBe(true);
  }
  return e;
}

const edit = (x: TestEngine, sql: string) => {
  const db = new Database(sqlitePath(x.db.url));
  db.prepare(sql).run();
  db.close();
};

describe.each(PROVIDERS)('an untouched chain on %s', (provider) => {
  it('verifies', async () => {
    const x = await withRecords(provider);
    expect(await x.store.verifyChain()).toMatchObject([
      {
        unitKey: 'wanjia-property',
        unitName: '天津万家物业管理有限公司',
        records: 9,
        ok: true,
        keyedFrom: null,
        anchors: [],
        head: { seq: 9 },
        unanchored: { from: 1, to: 9 },
      },
    ]);
  });
});

describe('tampering in the SQLite file', () => {
  it('names the record and the payload field that was changed', async () => {
    const x = await withRecords();
    edit(x, `UPDATE "Record" SET payload = json_set(payload, '$.zeroRisk', json('false')) WHERE seq = 4`);
    const [r] = await x.store.verifyChain('wanjia-property');
    expect(r).toMatchObject({
      ok: false,
      records: 3,
      broken: { seq: 4, kind: 'daily_check', field: 'payload.zeroRisk' },
    });
  });

  it('names a changed time', async () => {
    const x = await withRecords();
    edit(x, `UPDATE "Record" SET "at" = '2026-12-01T00:31:00.000+00:00' WHERE seq = 2`);
    const [r] = await x.store.verifyChain();
    expect(r!.broken).toMatchObject({ seq: 2, field: 'at' });
  });

  it('catches a record rewritten with fresh digests and hash at the next link', async () => {
    const x = await withRecords();
    edit(x, `UPDATE "Record" SET hash = 'f00d' || substr(hash, 5) WHERE seq = 5`);
    const [r] = await x.store.verifyChain();
    expect(r!.broken).toMatchObject({ seq: 5, field: 'hash' });
  });

  it('names the gap a deleted record leaves', async () => {
    const x = await withRecords();
    edit(x, `DELETE FROM "Record" WHERE seq = 7`);
    const [r] = await x.store.verifyChain();
    expect(r).toMatchObject({ ok: false, records: 6, broken: { seq: 8, field: 'seq' } });
    expect(r!.broken!.problem).toBe('第 7 条记录缺失（被删除？），下一条是第 8 条');
  });
});
