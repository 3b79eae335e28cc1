/**
 * The record chain anchored outside the database (issue 14): records sealed with a key kept outside
 * it (HMAC), the chain head sent daily to the principal and printed on every export, and
 * `safeduty verify --anchor` (the real CLI) catching what the database alone cannot prove: deleted
 * last records, a record edited with its unkeyed hashes recomputed, a record appended without the key.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPORT_WRITERS } from '../../src/adapters/reports/writers.js';
import { PrismaStore } from '../../src/adapters/store/prisma-store.js';
import { type ChainFields, fieldHashes, GENESIS, recordHash } from '../../src/adapters/store/record-chain.js';
import { dispatchOutbox } from '../../src/app/dispatch-outbox.js';
import { exportReport } from '../../src/app/export-report.js';
import { runTick } from '../../src/app/run-tick.js';
import { submitDailyCheck } from '../../src/app/submit-daily-check.js';
import { demoEngine, type TestEngine } from '../helpers/engine.js';
import { tmpDir } from '../helpers/tmp.js';

const KEY = `${'k'.repeat(8)}0123456789abcdef0123456789abcdef`;
const dir = tmpDir('anchor');

function verifyCli(e: TestEngine, args: string[], key: string | null = KEY): { code: number; out: string } {
  const env = { ...process.env, DATABASE_URL: e.db.url, SAFEDUTY_RECORD_KEY: key ?? '' };
  try {
    return {
      code: 0,
      out: execFileSync(process.execPath, ['bin/safeduty.mjs', 'verify', '--config', 'config/demo', ...args], {
        encoding: 'utf8',
        env,
        stdio: 'pipe',
        timeout: 60_000,
      }),
    };
  } catch (err) {
    const x = err as { status: number; stdout: string; stderr: string };
    return { code: x.status, out: x.stdout + x.stderr };
  }
}

/** Five records: the officers' daily checks of 2026-12-01. */
async function fiveRecords(env: Record<string, string> = { SAFEDUTY_RECORD_KEY: KEY }): Promise<TestEngine> {
  const e = await demoEngine({ start: '2026-12-01T00:30:00Z', env });
  await runTick(e);
  for (const name of ['张三', '李四', '赵敏']) {
    const actorId = (await e.store.findPeople(name))[0]!.id;
    const tasks = await e.store.openTasksOf(actorId, ['daily']);
    for (const t of tasks.slice(0, 2))
      expect(
        (await submitDailyCheck(e, { actorId, answers: [{ taskKey: t.key, zeroRisk: true, items: [] }] })).ok,
      ).toBe(true);
  }
  await e.store.db.record.deleteMany({ where: { seq: { gt: 5 } } });
  return e;
}

const head = async (e: TestEngine, seq?: number) => {
  const r = await e.store.db.record.findFirst({ where: seq ? { seq } : {}, orderBy: { seq: 'desc' } });
  return `wanjia-property:${r!.seq}:${r!.hash}`;
};

/** Rewrites records from `from` on as someone with database access but without the key would. */
async function recomputeUnkeyed(
  e: TestEngine,
  from: number,
  edit: (payload: Record<string, unknown>, seq: number) => Record<string, unknown> = (p) => p,
): Promise<void> {
  const rows = await e.store.db.record.findMany({ orderBy: { seq: 'asc' } });
  let prev = from === 1 ? GENESIS : rows[from - 2]!.hash;
  for (const r of rows.filter((x) => x.seq >= from)) {
    const fields: ChainFields = {
      unitId: r.unitId,
      seq: r.seq,
      kind: r.kind,
      taskId: r.taskId,
      personId: r.personId,
      at: r.at,
      late: r.late,
      payload: edit(r.payload as Record<string, unknown>, r.seq),
      supersedesId: r.supersedesId,
      reason: r.reason,
      prevHash: prev,
    };
    const hashes = fieldHashes(fields);
    const hash = recordHash(fields, hashes)!;
    await e.store.db.record.update({
      where: { id: r.id },
      data: { payload: fields.payload as object, prevHash: prev, fieldHashes: hashes, hash },
    });
    prev = hash;
  }
}

describe('the record chain anchored outside the database', () => {
  let e: TestEngine | undefined;
  afterEach(async () => {
    await e?.close();
    e = undefined;
  });

  it('seals records with the key; the daily anchor reaches the principal; every export prints it; verify ' +
    'passes against both', async () => {
    e = await fiveRecords();
    const rows = await e.store.db.record.findMany({ orderBy: { seq: 'asc' } });
    expect(rows.every((r) => (r.fieldHashes as Record<string, string>)['$hmac'])).toBe(true);

    // Next morning's opening: the principal gets the head (once: a second tick adds nothing).
    e.clock.set('2026-12-02T00:30:00Z');
    await runTick(e);
    await runTick(e);
    await dispatchOutbox(e);
    const anchors = e.messenger
      .to('王建国')
      .filter((s) => s.message.payload.type === 'notice' && 'anchor' in s.message.payload && s.message.payload.anchor);
    expect(anchors).toHaveLength(1);
    const text = (anchors[0]!.message.payload as { text: string }).text;
    expect(text).toContain(await head(e));
    expect(text).toContain('截至 2026年12月2日，本单位共 5 条履职记录');

    const [file] = await exportReport(
      { store: e.store, clock: e.clock, writers: REPORT_WRITERS },
      { unitKey: 'wanjia-property', kind: 'daily', from: '2026-12-01', category: 'elevator', format: 'docx' },
    );
    const docx = path.join(dir, 'daily.docx');
    fs.writeFileSync(docx, file!.bytes);
    const chat = path.join(dir, 'chat.txt');
    fs.writeFileSync(chat, text);

    const r = verifyCli(e, ['--anchor', docx, '--anchor', chat]);
    expect(r.out).toContain('✓ 天津万家物业管理有限公司（wanjia-property）：5 条记录，链完整');
    expect(r.out).toContain(`✓ 锚点第 5 条（${docx}）：与数据库一致`);
    expect(r.out).toContain(`✓ 锚点第 5 条（${chat}）：与数据库一致`);
    expect(r.code).toBe(0);
  }, 120_000);

  it('deleting the last records passes the chain alone, and is named against an anchor', async () => {
    e = await fiveRecords();
    const anchor = await head(e);
    const early = await head(e, 3);
    await e.store.db.record.deleteMany({ where: { seq: { gt: 3 } } });
    expect(verifyCli(e, []).code).toBe(0);
    const r = verifyCli(e, ['--anchor', early, '--anchor', anchor]);
    expect(r.code).toBe(2);
    expect(r.out).toContain('✓ 锚点第 3 条');
    expect(r.out).toContain('✗ 锚点第 5 条（wanjia-property:5:');
    expect(r.out).toContain('锚点记到第 5 条，数据库只到第 3 条：第 4–5 条（共 2 条）记录缺失（被删除）');
    // A seq:hash without the unit works when the database has one unit.
    expect(verifyCli(e, ['--anchor', anchor.replace('wanjia-property:', '')]).code).toBe(2);
  }, 120_000);

  it('an edited record with its unkeyed hashes recomputed is caught by the key, and by an anchor even when ' +
    'the whole chain is recomputed', async () => {
    e = await fiveRecords();
    const anchor = await head(e);
    const edit = (p: Record<string, unknown>, seq: number) => (seq === 2 ? { ...p, note: '篡改' } : p);
    await recomputeUnkeyed(e, 2, edit);
    let r = verifyCli(e, []);
    expect(r.code).toBe(2);
    expect(r.out).toContain('第 2 条记录');
    expect(r.out).toContain('第 1 条起的记录都带密钥签名，这一条却没有');

    await recomputeUnkeyed(e, 1, edit);
    r = verifyCli(e, []);
    expect(r.out).toContain('全部记录为无密钥的旧记录');
    r = verifyCli(e, ['--anchor', anchor]);
    expect(r.code).toBe(2);
    expect(r.out).toContain('第 5 条记录的哈希与锚点不符');
  }, 120_000);

  it('a record appended without the key is a forgery; ' +
    'the service refuses to append unkeyed after keyed ones', async () => {
    e = await fiveRecords();
    const last = (await e.store.db.record.findFirst({ orderBy: { seq: 'desc' } }))!;
    const fields: ChainFields = {
      unitId: last.unitId,
      seq: 6,
      kind: 'daily_check',
      taskId: null,
      personId: last.personId,
      at: last.at,
      late: false,
      payload: { zeroRisk: true },
      supersedesId: null,
      reason: '',
      prevHash: last.hash,
    };
    // With a guessed key's fingerprint but not the key: the HMAC does not match.
    const forged = fieldHashes(fields, {
      secret: 'guess'.repeat(8),
      id: (last.fieldHashes as Record<string, string>)['$hmac']!,
    });
    const { createHmac } = await import('node:crypto');
    const { canonicalJson } = await import('../../src/domain/canonical-json.js');
    await e.store.db.record.create({
      data: {
        ...fields,
        payload: fields.payload as object,
        fieldHashes: forged,
        hash: createHmac('sha256', 'guess'.repeat(8))
          .update(canonicalJson({ ...fields, fieldHashes: forged }))
          .digest('hex'),
      },
    });
    let r = verifyCli(e, []);
    expect(r.code).toBe(2);
    expect(r.out).toContain('第 6 条记录');
    expect(r.out).toContain('密钥签名与内容不符');

    await e.store.db.record.delete({ where: { unitId_seq: { unitId: last.unitId, seq: 6 } } });
    const plain = fieldHashes(fields);
    await e.store.db.record.create({
      data: { ...fields, payload: fields.payload as object, fieldHashes: plain, hash: recordHash(fields, plain)! },
    });
    r = verifyCli(e, []);
    expect(r.out).toContain('这一条却没有');
    // Without the key, verify says it cannot check keyed records (and what to set).
    expect(verifyCli(e, [], null).out).toContain('当前未配置记录密钥，无法核验');

    // The store opened without the key refuses to extend a keyed chain.
    await e.store.db.record.delete({ where: { unitId_seq: { unitId: last.unitId, seq: 6 } } });
    const bare = await PrismaStore.open(e.db.url);
    try {
      const actorId = (await bare.findPeople('张三'))[0]!.id;
      const [t] = await bare.openTasksOf(actorId, ['daily']);
      await expect(
        submitDailyCheck({ ...e, store: bare }, { actorId, answers: [{ taskKey: t!.key, zeroRisk: true, items: [] }] }),
      ).rejects.toThrow('SAFEDUTY_RECORD_KEY');
    } finally {
      await bare.close();
    }
  }, 120_000);
});
