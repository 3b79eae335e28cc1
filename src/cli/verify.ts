/**
 * `safeduty verify [--unit U] [--anchor <export file | [unit:]seq:hash>]…`: recomputes the record
 * chain (with the record key when configured), names the first broken link, and checks the chain
 * against the anchors given: chain heads seen outside the database (printed on every export, sent
 * daily to the principal). What an anchor proves missing or rewritten is named, and so are the
 * records after the last anchor, which nothing outside proves yet. Then the evidence photos: each
 * file the chain lists must be present with the content its hash names.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DiskEvidenceFiles } from '../adapters/evidence/disk-evidence-files.js';
import { NotAZip, zipText } from '../adapters/ledger/zip-limit.js';
import { redactUrl } from '../adapters/store/db.js';
import { anchorsIn } from '../adapters/store/record-chain.js';
import { AppError } from '../app/app-error.js';
import { evidenceLines, verifyEvidence } from '../app/evidence/verify-evidence.js';
import type { ChainAnchor, ChainReport } from '../app/ports.js';
import { openMigratedStore } from './open-store.js';
import { loadFromFlags, parseOptions } from './options.js';

/** An export is a few MB of XML at most; anything far beyond is not one of ours. */
const EXPORT_TEXT_LIMIT = 200 * 1024 * 1024;

/** One unit's chain as one line: ✓ intact, or ✗ where it breaks and why (anchors: see printReport). */
export function chainLine(r: ChainReport): string {
  const name = `${r.unitName}（${r.unitKey}）`;
  if (r.ok) return `✓ ${name}：${r.records} 条记录，链完整${r.head ? `，链头 ${r.head.seq}:${r.head.hash}` : ''}`;
  const b = r.broken;
  if (!b) return `✗ ${name}：${r.records} 条记录自身衔接，但与锚点不符（见下）`;
  return (
    `✗ ${name}：前 ${r.records} 条完整；第 ${b.seq} 条记录（${b.kind}，${b.recordedAt.toISOString()}，id ${b.recordId}` +
    `）断链：${b.problem}`
  );
}

export async function verify(args: string[]): Promise<number> {
  const { values } = parseOptions(args, { unit: { type: 'string' }, anchor: { type: 'string', multiple: true } });
  const config = loadFromFlags(values.config);
  const anchors = (await Promise.all((values.anchor ?? []).map(readAnchors))).flat();
  const store = await openMigratedStore(config.service.database.url, undefined, { recordKey: config.recordKey });
  try {
    const reports = await store.verifyChain(values.unit, anchors);
    if (reports.length === 0) {
      console.error(
        values.unit ? `找不到单位“${values.unit}”（请用单位 key，见 safeduty config check）` : '数据库中还没有单位',
      );
      return 1;
    }
    const known = new Set(reports.map((r) => r.unitKey));
    const stray = anchors.filter((a) => (a.unitKey === null ? reports.length > 1 : !known.has(a.unitKey)));
    console.log(
      `核验记录链：${redactUrl(config.service.database.url)}` +
        (config.recordKey ? '' : '（未配置记录密钥 SAFEDUTY_RECORD_KEY：只能核验无密钥的旧记录）'),
    );
    for (const r of reports) printReport(r);
    // The photos the chain lists, against the files (a file swapped or deleted is named).
    const photos = await verifyEvidence(
      store,
      new DiskEvidenceFiles(path.resolve(config.service.evidence.dir)),
      values.unit,
    );
    for (const c of photos) for (const line of evidenceLines(c)) console.log(line);
    for (const a of stray)
      console.log(
        `✗ 锚点 ${a.seq}:${a.hash.slice(0, 12)}…（${a.source}` +
          `）${a.unitKey === null ? '没有写单位，而数据库中有多个单位：请写成 单位:序号:哈希，或加 --unit' : `的单位“${a.unitKey}”不在数据库中`}`,
      );
    return reports.every((r) => r.ok) && stray.length === 0 && photos.every((c) => c.problems.length === 0) ? 0 : 2;
  } finally {
    await store.close();
  }
}

function printReport(r: ChainReport): void {
  console.log(chainLine(r));
  if (r.head && r.keyedFrom === null)
    console.log(`  · 全部记录为无密钥的旧记录：有数据库写权限者可整体重算，只有锚点能证明它们未被改写`);
  else if (r.keyedFrom !== null && r.keyedFrom > 1)
    console.log(
      `  · 第 1–${r.keyedFrom - 1} 条为无密钥的旧记录（只有锚点能证明它们未被改写），第 ${r.keyedFrom} 条起带密钥签名`,
    );
  for (const a of r.anchors)
    console.log(`  ${a.ok ? '✓' : '✗'} 锚点第 ${a.seq} 条（${a.source}）：${a.ok ? '与数据库一致' : a.problem}`);
  if (r.unanchored) {
    const span =
      r.unanchored.from === r.unanchored.to
        ? `第 ${r.unanchored.from} 条`
        : `第 ${r.unanchored.from}–${r.unanchored.to} 条`;
    console.log(
      `  · ${span}在${r.anchors.some((a) => a.ok) ? '最后一个锚点之后' : '没有锚点时'}，尚无外部证据（删除或改写它们只有之后的锚点能发现）`,
    );
  }
}

/** Anchors from an export (.docx/.xlsx), a text file (copied chat messages), or the argument itself. */
async function readAnchors(arg: string): Promise<ChainAnchor[]> {
  if (!fs.existsSync(arg)) {
    const found = anchorsIn(arg, arg.length > 40 ? `${arg.slice(0, 40)}…` : arg);
    if (found.length === 0)
      throw new AppError(
        'USAGE',
        `“${arg}”既不是文件，也不是锚点：锚点写成 序号:哈希 或 单位:序号:哈希（见导出文件末尾或每日的记录链锚点消息）`,
      );
    return found;
  }
  let text: string;
  try {
    text = await zipText(arg, EXPORT_TEXT_LIMIT);
  } catch (e) {
    if (!(e instanceof NotAZip)) throw e;
    text = fs.readFileSync(arg, 'utf8');
  }
  const found = anchorsIn(text, arg);
  if (found.length === 0)
    throw new AppError(
      'USAGE',
      `文件 ${arg} 中找不到记录链锚点：请给 SafeDuty 导出的 Word/Excel 文件，或含锚点消息的文本`,
    );
  return found;
}
