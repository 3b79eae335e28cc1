/**
 * A 核实 prompt as drawn (enrichPayload, then the view), on a real database with real photo files:
 * a verify notice and a reminder carrying the verify form say who must send the missing 整改后
 * photo and mark 核实通过 unavailable (退回 stays); the photo recorded, neither does; sent back
 * (退回整改) and rectified again, the earlier photo no longer counts; where photos are not kept
 * (`photos` false) nothing is said. The channels' drawing and redrawing: tests/channels/verify-photo-card.test.ts.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiskEvidenceFiles } from '../../src/adapters/evidence/disk-evidence-files.js';
import { REPORT_WRITERS } from '../../src/adapters/reports/writers.js';
import { handleText } from '../../src/app/commands/handle-text.js';
import { openPhotoStep } from '../../src/app/commands/waiting.js';
import { enrichPayload } from '../../src/app/enrich-payload.js';
import { handleInbound, type InboundDeps } from '../../src/app/inbound/handle-inbound.js';
import type { FormView } from '../../src/app/prompts/prompt-view.js';
import { plainOf } from '../../src/app/prompts/text.js';
import { viewOf } from '../../src/app/prompts/views.js';
import type { HazardNotice, Payload } from '../../src/domain/engine/payloads.js';
import { textChannel } from '../fakes/text-channel.js';
import { demoEngine, type TestEngine } from '../helpers/engine.js';
import { png } from '../helpers/images.js';
import { tmpDir } from '../helpers/tmp.js';

const TZ = 'Asia/Shanghai';
const LINE = '⚠ 整改后照片未上传：请 张三 发送“照片 1”';

describe('the 核实 prompt says a missing 整改后 photo (enrichPayload + view, real database)', () => {
  let e: TestEngine;
  let deps: InboundDeps;
  const fake = textChannel();
  let n = 0;
  const redrawn: string[][] = [];

  beforeAll(async () => {
    e = await demoEngine({ start: '2026-12-01T00:30:00Z' });
    const files = new DiskEvidenceFiles(path.join(tmpDir('evidence'), 'evidence'));
    const settings = { questionMinutes: 10 };
    const photosRecorded = async (ids: string[]) => void redrawn.push(ids);
    const askPhotos = (account: { channel: string; externalId: string }, ask: Parameters<typeof openPhotoStep>[2]) =>
      openPhotoStep({ store: e.store, clock: e.clock, log: e.log, settings, files, photosRecorded }, account, ask);
    deps = {
      store: e.store,
      clock: e.clock,
      log: e.log,
      defaults: e.defaults,
      ids: e.ids,
      channel: fake.channel,
      evidence: files,
      photosRecorded,
      settings,
      text: (acct, t) => handleText({ ...e, writers: REPORT_WRITERS, settings, askPhotos, evidence: files }, acct, t),
    };
    for (const [name, id] of [
      ['张三', 'u-zhang'],
      ['李明', 'u-li'],
    ]) {
      const p = (await e.store.findPeople(name!))[0]!;
      await e.store.db.channelIdentity.create({ data: { personId: p.id, channel: 'fake', externalId: id! } });
    }
  }, 30_000);
  afterAll(async () => e?.close());

  const say = async (who: 'u-zhang' | 'u-li', text: string) => {
    await handleInbound(deps, {
      type: 'text',
      channel: 'fake',
      eventId: `m${++n}`,
      actor: { externalId: who, chatType: 'p2p' },
      at: e.clock.now(),
      text,
    });
    return fake.texts.at(-1)?.text ?? '';
  };
  const picture = () =>
    handleInbound(deps, {
      type: 'image',
      channel: 'fake',
      eventId: `i${++n}`,
      actor: { externalId: 'u-zhang', chatType: 'p2p' },
      at: e.clock.now(),
      image: { download: async () => png(3 + n, 3, [n, 9, 9]) },
    });

  /** the verify notice and a reminder carrying the hazard's verify form, as the open task stands now */
  const prompts = async (): Promise<Payload[]> => {
    const h = await e.store.db.hazard.findFirstOrThrow({ where: { no: 1 } });
    const task = await e.store.db.task.findFirstOrThrow({ where: { subjectId: h.id, state: 'open' } });
    const notice: HazardNotice = {
      type: 'hazard_notice',
      unitName: '万家物业',
      hazardId: h.id,
      hazardNo: 1,
      state: 'rectified',
      taskKey: task.key,
      action: 'verify',
      level: 'serious',
      description: h.description,
      measures: '',
      stoppedUse: true,
      device: '1号楼1号客梯',
      reporter: '张三',
      deadline: task.dueAt.toISOString(),
      // a stale value from an earlier drawing never survives
      photoMissing: { by: '旧的' },
    };
    const reminder: Payload = {
      type: 'reminder',
      unitName: '万家物业',
      kind: 'hazard',
      period: task.period,
      dueAt: task.dueAt.toISOString(),
      items: [
        { taskKey: task.key, label: '隐患核实', device: '1号楼1号客梯', hazard: { id: h.id, no: 1, step: 'verify' } },
      ],
    };
    return [notice, reminder];
  };
  const drawn = async (photos = true): Promise<FormView[]> => {
    const out: FormView[] = [];
    for (const p of await prompts()) {
      const enriched = await enrichPayload(e.store, { unitId: '', payload: p }, TZ, e.clock.now(), photos);
      out.push(viewOf(enriched, { timeZone: TZ, now: e.clock.now() }).forms[0]!);
    }
    return out;
  };
  const said = (f: FormView) => (f.notes ?? []).map(plainOf);
  const verifyOk = (f: FormView) => f.submits.find((s) => s.label === '核实通过')!;
  const sendBack = (f: FormView) => f.submits.find((s) => s.label === '不通过，退回整改')!;

  it('says who must send it and marks 核实通过 unavailable, 退回 available, until the photo is recorded', async () => {
    expect(await say('u-zhang', '上报隐患 1号楼1号客梯 曳引机异响')).toMatch(/请回复隐患等级/);
    await say('u-zhang', '2');
    expect(await say('u-zhang', '确认')).toMatch(/发送现场照片/);
    expect(await say('u-li', '研判 1 曳引机轴承磨损，停梯更换轴承')).toMatch(/已确认研判/);
    expect(await say('u-zhang', '整改 1 已更换曳引机轴承')).toMatch(/^已提交整改/);

    for (const f of await drawn()) {
      expect(said(f)).toEqual([LINE, '照片上传后才能核实通过；整改不到位可退回整改。']);
      expect(verifyOk(f).unavailable).toMatch(/^整改后照片未上传：请 张三 发送“照片 1”并上传整改后的现场照片/);
      expect(sendBack(f).unavailable).toBeUndefined();
    }
    // where photos are not kept, 核实 needs none and nothing is said
    for (const f of await drawn(false)) expect(verifyOk(f).unavailable).toBeUndefined();

    await picture();
    expect(fake.texts.at(-1)?.text).toMatch(/^已收到第 1 张照片（隐患#1）/);
    // a picture received but not yet saved (“完成”) is not attached yet
    expect(said((await drawn())[0]!)[0]).toBe(LINE);
    expect(await say('u-zhang', '完成')).toMatch(/^已保存 1 张照片/);
    // the open prompts are told to redraw, with the hazard the photo is for
    expect(redrawn.at(-1)).toEqual([(await e.store.db.hazard.findFirstOrThrow({ where: { no: 1 } })).id]);
    for (const f of await drawn()) {
      expect(said(f)).toEqual([]);
      expect(verifyOk(f).unavailable).toBeUndefined();
    }
  });

  it('sent back and rectified again: the earlier photos no longer count, and the new round asks afresh', async () => {
    // a picture of this round, not yet saved when the director sends the fix back
    expect(await say('u-zhang', '照片 1')).toMatch(/^请发送照片.*整改后的现场照片/);
    await picture();
    e.clock.advance(60_000);
    expect(await say('u-li', '核实 1 退回 轴承异响仍在')).toMatch(/^已退回整改/);
    e.clock.advance(60_000);
    // the new rectification's photo step starts afresh: the picture before it is saved first, and said so
    expect(await say('u-zhang', '整改 1 重新更换轴承并加注润滑脂')).toMatch(
      /^已提交整改[^\n]*\n（已先保存您为隐患#1发送的 1 张照片。）\n请为隐患#1.*此项必须附照片）(?!（已收到)/,
    );
    for (const f of await drawn()) expect(said(f)[0]).toBe(LINE);
    await picture();
    expect(await say('u-zhang', '完成')).toMatch(/^已保存 1 张照片/);
    for (const f of await drawn()) expect(said(f)).toEqual([]);
  });
});
