/**
 * Real thumbnails in Word exports (#14 evidence): sharp scales each photo to fit 240 px, upright by its
 * EXIF orientation, transparency on white, as a JPEG; a HEIC (no HEVC decoder in the prebuilt libvips)
 * or a damaged file gets none. Then a 隐患台账 exported with photos sent as a person sends them: the
 * embedded picture is smaller than the original and decodes; the HEIC one is a placeholder with its hash.
 */
import path from 'node:path';
import JSZip from 'jszip';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiskEvidenceFiles } from '../../src/adapters/evidence/disk-evidence-files.js';
import { sharpThumbnails } from '../../src/adapters/evidence/sharp-thumbnails.js';
import { REPORT_WRITERS } from '../../src/adapters/reports/writers.js';
import { handleText } from '../../src/app/commands/handle-text.js';
import { askForPhotos, type PhotoDeps, photoText, receivePhoto } from '../../src/app/evidence/photo-flow.js';
import { exportReport, THUMBNAIL_BOX_PX } from '../../src/app/export-report.js';
import { demoEngine, type TestEngine } from '../helpers/engine.js';
import { heicHead } from '../helpers/images.js';
import { tmpDir } from '../helpers/tmp.js';

/** A camera-like photo: noise does not compress, so the file is as large as a real one of its size. */
const photo = (width: number, height: number, orientation?: number) =>
  sharp({
    create: { width, height, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } },
  })
    .jpeg({ quality: 90 })
    .withMetadata(orientation ? { orientation } : {})
    .toBuffer();

describe('sharp thumbnails', () => {
  it('scales a large photo down to fit the box, as a JPEG that decodes', async () => {
    const original = await photo(1600, 1200);
    const t = (await sharpThumbnails.thumbnail(original, 240))!;
    expect([t.type, t.width, t.height]).toEqual(['jpg', 240, 180]);
    expect(t.bytes.length).toBeLessThan(original.length / 10);
    const meta = await sharp(t.bytes).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 240, 180]);
  });

  it('turns a photo upright by its EXIF orientation and never enlarges a small one', async () => {
    // stored landscape, shown rotated 90° (orientation 6): the thumbnail is portrait
    const t = (await sharpThumbnails.thumbnail(await photo(600, 400, 6), 240))!;
    expect([t.width, t.height]).toEqual([160, 240]);
    const small = (await sharpThumbnails.thumbnail(await photo(120, 90), 240))!;
    expect([small.width, small.height]).toEqual([120, 90]);
  });

  it('puts a transparent PNG on white', async () => {
    const png = await sharp({
      create: { width: 400, height: 400, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
    })
      .png()
      .toBuffer();
    const t = (await sharpThumbnails.thumbnail(png, 240))!;
    const { data } = await sharp(t.bytes).raw().toBuffer({ resolveWithObject: true });
    expect(data[0]).toBeGreaterThan(245); // white, not black
  });

  it('gives none for a HEIC it cannot decode or a damaged file', async () => {
    expect(await sharpThumbnails.thumbnail(heicHead(), 240)).toBeNull();
    const broken = (await photo(300, 200)).subarray(0, 400);
    expect(await sharpThumbnails.thumbnail(broken, 240)).toBeNull();
    expect(await sharpThumbnails.thumbnail(Buffer.from('not a picture'), 240)).toBeNull();
  });
});

describe('a 隐患台账 in Word with the photos of a hazard', () => {
  let e: TestEngine;
  let files: DiskEvidenceFiles;
  const account = { channel: 'fake', externalId: 'u-zhang' };

  beforeAll(async () => {
    e = await demoEngine({ start: '2026-12-01T00:30:00Z' });
    files = new DiskEvidenceFiles(path.join(tmpDir('evidence'), 'evidence'));
    const p = (await e.store.findPeople('张三'))[0]!;
    await e.store.db.channelIdentity.create({ data: { personId: p.id, ...account } });
  }, 30_000);
  afterAll(async () => e?.close());

  it('embeds each photo as a small thumbnail that decodes, and names a HEIC by its hash', async () => {
    const photoDeps: PhotoDeps = { store: e.store, clock: e.clock, log: e.log, files };
    const askPhotos = (acct: typeof account, ask: Parameters<typeof askForPhotos>[2]) =>
      askForPhotos(photoDeps, acct, ask);
    const say = async (t: string) => (await handleText({ ...e, writers: REPORT_WRITERS, askPhotos }, account, t)).text;
    expect(await say('上报隐患 1号楼1号客梯 曳引机异响')).toMatch(/请回复隐患等级/);
    await say('2');
    expect(await say('确认')).toMatch(/发送现场照片/);
    const big = await photo(1600, 1200);
    for (const bytes of [big, heicHead()])
      expect(await receivePhoto(photoDeps, account, { download: async () => bytes })).toMatch(/^已收到第/);
    const person = (await e.store.findPeople('张三'))[0]!;
    expect(await photoText(photoDeps, account, person.id, '完成')).toMatch(/^已保存 2 张照片/);

    const [docx] = await exportReport(
      { store: e.store, clock: e.clock, writers: REPORT_WRITERS, evidence: files, thumbnails: sharpThumbnails },
      { unitKey: 'wanjia-property', kind: 'hazards', from: '2026-12-01', format: 'docx' },
    );
    const zip = await JSZip.loadAsync(docx!.bytes);
    const media = Object.keys(zip.files).filter((f) => f.startsWith('word/media/'));
    expect(media).toHaveLength(1); // the JPEG; the HEIC has a placeholder
    const embedded = await zip.file(media[0]!)!.async('nodebuffer');
    expect(embedded.length).toBeLessThan(big.length / 20);
    const meta = await sharp(embedded).metadata();
    expect(meta.format).toBe('jpeg');
    expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBe(THUMBNAIL_BOX_PX);
    expect(docx!.bytes.length).toBeLessThan(big.length / 5);
    const xml = await zip.file('word/document.xml')!.async('string');
    const [, heic] = await e.store.evidenceOfHazards([(await e.store.db.hazard.findFirstOrThrow()).id]);
    expect(heic!.mime).toBe('image/heic');
    expect(xml).toContain('未嵌入缩略图（HEIC）');
    expect(xml).toContain(`哈希 ${heic!.hash.slice(0, 16)}…`);
  });
});
