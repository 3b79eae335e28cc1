/**
 * Photos as evidence through the one inbound entry, on a real database, real files and a fake
 * channel: a daily 异常 asks for photos; a required photo that is missing keeps the step open;
 * wrong type / too large refused with the reason; a photo kept under its SHA-256 and listed in
 * ONE chain record with an Evidence row per hazard; verify finds a file replaced or deleted; an
 * item's `photo: required_on_abnormal` rule makes even a 一般 异常 need one; an optional step can be skipped.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiskEvidenceFiles } from '../../src/adapters/evidence/disk-evidence-files.js';
import { zipText } from '../../src/adapters/ledger/zip-limit.js';
import { REPORT_WRITERS } from '../../src/adapters/reports/writers.js';
import { handleText } from '../../src/app/commands/handle-text.js';
import { dispatchOutbox } from '../../src/app/dispatch-outbox.js';
import { askForPhotos, photoStateOf } from '../../src/app/evidence/photo-flow.js';
import { verifyEvidence } from '../../src/app/evidence/verify-evidence.js';
import { exportReport } from '../../src/app/export-report.js';
import { handleInbound, type InboundDeps } from '../../src/app/inbound/handle-inbound.js';
import type { InboundEvent } from '../../src/app/inbound/inbound-event.js';
import type { DailyCheckPayload } from '../../src/app/prompts/daily-view.js';
import { runTick } from '../../src/app/run-tick.js';
import { PHOTO_MAX_BYTES } from '../../src/domain/evidence/photo-rules.js';
import { textChannel } from '../fakes/text-channel.js';
import { demoEngine, type TestEngine } from '../helpers/engine.js';
import { jpegHead, png } from '../helpers/images.js';
import { tmpDir } from '../helpers/tmp.js';

const writeTmp = (bytes: Buffer, ext: string): string => {
  const f = path.join(tmpDir('export'), `out.${ext}`);
  fs.writeFileSync(f, bytes);
  return f;
};

/** The built-in elevator checklist with `photo: required_on_abnormal` on 层门与轿门. */
const ELEVATOR = fs
  .readFileSync('config/checklists/elevator.yaml', 'utf8')
  .replace(/(\n(\s+)content: 层门与轿门\n)/, '$1$2photo: required_on_abnormal\n');

describe('photos as evidence (handleInbound, real database and files)', () => {
  let e: TestEngine;
  let deps: InboundDeps;
  let files: DiskEvidenceFiles;
  const { texts, channel } = textChannel();
  const ZHANG = 'u-zhang';
  let n = 0;

  beforeAll(async () => {
    expect(ELEVATOR).toContain('photo: required_on_abnormal');
    e = await demoEngine({ start: '2026-12-01T00:30:00Z', files: { 'checklists/elevator.yaml': ELEVATOR } });
    files = new DiskEvidenceFiles(path.join(tmpDir('evidence'), 'evidence'));
    const settings = { questionMinutes: 10 };
    const askPhotos = (account: { channel: string; externalId: string }, ask: Parameters<typeof askForPhotos>[2]) =>
      askForPhotos({ store: e.store, clock: e.clock, log: e.log, settings, files }, account, ask);
    deps = {
      store: e.store,
      clock: e.clock,
      log: e.log,
      defaults: e.defaults,
      ids: e.ids,
      channel,
      evidence: files,
      settings,
      text: (acct, t) => handleText({ ...e, writers: REPORT_WRITERS, settings, askPhotos }, acct, t),
    };
    const p = (await e.store.findPeople('张三'))[0]!;
    await e.store.db.channelIdentity.create({ data: { personId: p.id, channel: 'fake', externalId: ZHANG } });
    await runTick(e);
    await dispatchOutbox(e);
  }, 30_000);
  afterAll(async () => e?.close());

  const last = () => texts.at(-1)?.text ?? '';
  const say = (t: string) =>
    handleInbound(deps, {
      type: 'text',
      channel: 'fake',
      eventId: `m${++n}`,
      actor: { externalId: ZHANG, chatType: 'p2p' },
      at: e.clock.now(),
      text: t,
    });
  let downloads = 0;
  const image = (bytes: Uint8Array, declaredSize?: number): InboundEvent => ({
    type: 'image',
    channel: 'fake',
    eventId: `img${++n}`,
    actor: { externalId: ZHANG, chatType: 'p2p' },
    at: e.clock.now(),
    image: { download: async () => (downloads++, bytes), ...(declaredSize !== undefined ? { declaredSize } : {}) },
  });
  const device = (i: number) => {
    const sent = e.messenger.to('张三').find((s) => s.message.payload.type === 'daily_check')!;
    return {
      key: (sent.message.payload as DailyCheckPayload).devices[i]!.taskKey,
      ref: `test-${e.messenger.sent.indexOf(sent) + 1}`,
    };
  };
  const submit = (i: number, form: Record<string, string>) => {
    const d = device(i);
    return handleInbound(deps, {
      type: 'action',
      channel: 'fake',
      eventId: `a${++n}`,
      actor: { externalId: ZHANG },
      at: e.clock.now(),
      action: { a: 'daily_submit', k: d.key },
      form,
      promptRef: { platformMessageId: d.ref },
    });
  };

  it(
    'an image with no photo step open is not even downloaded, ' + 'and the person is told when photos are taken',
    async () => {
      await handleInbound(deps, image(png()));
      expect(downloads).toBe(0);
      expect(last()).toContain('现在没有需要照片的事项');
    },
  );

  it(
    'a serious 异常 asks for photos; 完成 without one keeps the step open; bad files are refused with the ' +
      'reason; 完成 records the hashes',
    async () => {
      const r = await submit(0, {
        rest: 'normal',
        a1_item: '3',
        a1_desc: '运行时异响',
        a1_level: 'serious',
        a1_measures: '已停梯',
        a1_stop: 'yes',
      });
      expect(r.notice?.tone).toBe('success');
      expect(last()).toMatch(/^请为隐患#1（1号楼1号客梯）发送现场照片（最多9张，此项必须附照片），发送“完成”结束。$/);

      await say('完成');
      expect(last()).toContain('还没有收到照片');
      expect(last()).toContain('此步骤仍未完成');
      await say('跳过');
      expect(last()).toContain('还没有收到照片');
      expect(await photoStateOf(deps, { channel: 'fake', externalId: ZHANG })).not.toBeNull();

      await handleInbound(deps, image(Buffer.from('GIF89a-not-accepted')));
      expect(last()).toMatch(/只接受 JPEG、PNG 或 HEIC.*没有保存；已收到 0 张/);
      const before = downloads;
      await handleInbound(deps, image(new Uint8Array(1), PHOTO_MAX_BYTES + 5 * 1024 * 1024));
      expect(last()).toMatch(/15\.0 MB，超过 10 MB 的上限/);
      expect(downloads).toBe(before); // refused on the announced size, before downloading

      const photo = png(4, 3, [10, 200, 10]);
      await handleInbound(deps, image(photo));
      expect(last()).toMatch(/^已收到第 1 张照片（隐患#\d+）。继续发送（还可发 8 张）/);
      await handleInbound(deps, image(photo));
      expect(last()).toContain('已收到过');
      const jpeg = jpegHead();
      await handleInbound(deps, image(jpeg));
      expect(last()).toMatch(/^已收到第 2 张照片/);

      const recordsBefore = await e.store.db.record.count();
      await say('完成');
      expect(last()).toBe('已保存 2 张照片（隐患#1（1号楼1号客梯）），照片的哈希已记入记录链。');
      expect(await e.store.db.record.count()).toBe(recordsBefore + 1);
      const rec = await e.store.db.record.findFirst({ where: { kind: 'evidence_added' } });
      const hazard = await e.store.db.hazard.findFirstOrThrow({ where: { no: 1 } });
      const hashes = (rec!.payload as { photos: { hash: string }[] }).photos.map((p) => p.hash);
      expect(rec!.payload).toMatchObject({
        hazardIds: [hazard.id],
        stage: 'found',
        photos: [{ size: photo.length, mime: 'image/png' }, { mime: 'image/jpeg' }],
      });
      const rows = await e.store.evidenceOfHazards([hazard.id]);
      expect(rows.map((r) => [r.hash, r.stage, r.personName, r.recordSeq])).toEqual(
        hashes.map((h) => [h, 'found', '张三', rec!.seq]),
      );
      expect(Buffer.from((await files.get(hashes[0]!))!)).toEqual(photo);
      // the step is over: a later 完成 is a command again
      expect(await photoStateOf(deps, { channel: 'fake', externalId: ZHANG })).toBeNull();
      // the chain itself still verifies
      expect((await e.store.verifyChain()).every((c) => c.ok)).toBe(true);
    },
  );

  it('verify finds a photo file replaced or deleted behind the database', async () => {
    const ok = await verifyEvidence(e.store, files);
    expect(ok).toEqual([expect.objectContaining({ photos: 2, problems: [] })]);
    const rec = await e.store.db.record.findFirstOrThrow({ where: { kind: 'evidence_added' } });
    const [a, b] = (rec.payload as { photos: { hash: string }[] }).photos.map((p) => p.hash);
    const fileOf = (h: string) =>
      fs
        .readdirSync(path.join(files.dir, h.slice(0, 2)))
        .map((f) => path.join(files.dir, h.slice(0, 2), f))
        .find((f) => path.basename(f).startsWith(h))!;
    const original = fs.readFileSync(fileOf(a!));
    fs.writeFileSync(fileOf(a!), png(4, 3, [0, 0, 255])); // another picture under the old name
    fs.rmSync(fileOf(b!));
    const bad = await verifyEvidence(e.store, files);
    expect(bad[0]!.problems).toEqual([
      {
        unitKey: rec.unitId ? expect.any(String) : '',
        seq: rec.seq,
        hash: a,
        problem: 'replaced',
        found: expect.stringMatching(/^[0-9a-f]{64}$/),
      },
      { unitKey: expect.any(String), seq: rec.seq, hash: b, problem: 'missing' },
    ]);
    fs.writeFileSync(fileOf(a!), original);
  });

  it(
    "an item's rule `photo: required_on_abnormal` makes a 一般 异常 need a photo; " +
      'without a rule a 一般 one may be skipped',
    async () => {
      const r1 = await submit(1, {
        rest: 'normal',
        a1_item: '4',
        a1_desc: '层门有划痕',
        a1_level: 'general',
        a1_measures: '已设警示',
        a1_stop: 'no',
      });
      expect(r1.notice?.text).toContain('1 项异常');
      expect(last()).toContain('此项必须附照片');
      await say('跳过');
      expect(last()).toContain('还没有收到照片');
      await handleInbound(deps, image(png(2, 2, [1, 2, 3])));
      await say('完成');
      expect(last()).toMatch(/^已保存 1 张照片（隐患#2/);

      const r2 = await submit(2, {
        rest: 'normal',
        a1_item: '1',
        a1_desc: '轻微异响',
        a1_level: 'general',
        a1_measures: '已设警示',
        a1_stop: 'no',
      });
      expect(r2.notice?.text).toContain('1 项异常');
      expect(last()).toMatch(
        /^请发送照片（最多9张）作为隐患#3（.+）的现场照片，发送“完成”结束；不需要照片请发送“跳过”。$/,
      );
      await say('跳过');
      expect(last()).toBe('已跳过照片（隐患#3（1号楼3号货梯））。');
      expect(
        await e.store.evidenceOfHazards([(await e.store.db.hazard.findFirstOrThrow({ where: { no: 3 } })).id]),
      ).toEqual([]);
    },
  );

  it('exports show the photos: thumbnails in the Word 隐患台账 and 日检, file names and hashes in Excel', async () => {
    const deps = { store: e.store, clock: e.clock, writers: REPORT_WRITERS, evidence: files };
    const hazard = await e.store.db.hazard.findFirstOrThrow({ where: { no: 1 } });
    const [first] = await e.store.evidenceOfHazards([hazard.id]);
    const name = `${first!.hash}.png`;
    for (const kind of ['hazards', 'daily'] as const) {
      const [docx] = await exportReport(deps, {
        unitKey: 'wanjia-property',
        kind,
        from: '2026-12-01',
        category: '电梯',
        format: 'docx',
      });
      const bytes = Buffer.from(docx!.bytes);
      expect(bytes.includes(Buffer.from('word/media/'))).toBe(true); // the picture is in the file
      const text = await zipText(writeTmp(bytes, 'docx'), 50 * 1024 * 1024);
      expect(text).toContain('照片证据');
      expect(text).toContain(name);
      expect(text).toContain('发现时');
    }
    const [xlsx] = await exportReport(deps, {
      unitKey: 'wanjia-property',
      kind: 'hazards',
      from: '2026-12-01',
      format: 'xlsx',
    });
    const sheet = await zipText(writeTmp(Buffer.from(xlsx!.bytes), 'xlsx'), 50 * 1024 * 1024);
    expect(sheet).toContain(name);
    expect(Buffer.from(xlsx!.bytes).includes(Buffer.from('xl/media/'))).toBe(false); // Excel: names and hashes only
  });

  it('a typed 整改 of a serious hazard asks for the after photos', async () => {
    await say('整改 1 已更换导靴，运行平稳');
    expect(last()).toMatch(/已提交整改.*\n请为隐患#1（1号楼1号客梯）发送整改后的现场照片（最多9张，此项必须附照片）/);
    await handleInbound(deps, image(png(3, 3, [9, 9, 9])));
    await say('完成');
    const hazard = await e.store.db.hazard.findFirstOrThrow({ where: { no: 1 } });
    expect((await e.store.evidenceOfHazards([hazard.id])).map((r) => r.stage)).toEqual(['found', 'found', 'rectified']);
  });
});
