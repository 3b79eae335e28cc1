/**
 * 照片证据: the photos kept for the hazards a document shows (日检's problems, the 隐患台账), one
 * row each: the hazard, when (发现 / 整改后), a thumbnail (Word) or nothing (Excel), the file's name
 * in the evidence store and its SHA-256 (what `safeduty verify` checks), who sent it and when.
 * Its own section, so that the documents' other sections are untouched.
 */
import { PHOTO_EXT, type PhotoMime } from '../evidence/photo-rules.js';
import type { Cell, ReportImage, ReportSection } from './document.js';
import { table } from './document.js';
import { dateTime } from './format.js';

export interface ExportPhoto {
  /** “YH-2026-001 1号楼1号客梯：运行时异响” */
  hazard: string;
  stage: 'found' | 'rectified';
  hash: string;
  size: number;
  mime: PhotoMime;
  at: Date;
  by: string | null;
  /** the picture to embed (small enough, JPEG/PNG), or absent: named and hashed only */
  image?: ReportImage;
}

const kb = (n: number) =>
  n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;

export function photoSection(photos: readonly ExportPhoto[], timeZone: string): ReportSection | null {
  if (photos.length === 0) return null;
  const rows: Cell[][] = photos.map((p) => [
    p.hazard,
    p.stage === 'rectified' ? '整改后' : '发现时',
    p.image
      ? { text: `${p.hash.slice(0, 12)}.${PHOTO_EXT[p.mime]}`, image: p.image }
      : `未嵌入缩略图（${p.mime === 'image/heic' ? 'HEIC' : kb(p.size)}）\n哈希 ${p.hash.slice(0, 16)}…`,
    `${p.hash}.${PHOTO_EXT[p.mime]}（${kb(p.size)}）`,
    `${p.by ?? ''} ${dateTime(p.at, timeZone)}`.trim(),
  ]);
  return {
    heading: '照片证据',
    sheet: '照片证据',
    blocks: [
      table({
        caption: '隐患照片（文件按 SHA-256 保存于证据目录，哈希已记入记录链，可用 safeduty verify 核验）',
        columns: [
          { header: '隐患', width: 26 },
          { header: '阶段', width: 8 },
          { header: '照片', width: 16 },
          { header: '文件名（SHA-256）', width: 40 },
          { header: '上传人及时间', width: 18 },
        ],
        rows,
      }),
    ],
  };
}
