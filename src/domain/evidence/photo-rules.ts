/**
 * Photos as evidence: which images are accepted (type read from the bytes, never from a name or a
 * header the sender chose), how many and how large, and when a photo is required.
 *
 * Rules per checklist item (`photo:` in config/checklists/*.yaml, or for the whole file):
 * - `required_on_abnormal`: an 异常 on this item needs at least one photo, whatever its level;
 * - `required_on_serious` (the default): needed for 严重 and 重大, asked (skippable) for 一般;
 * - `optional`: asked, never required.
 */
import type { HazardLevel } from '../answers/daily-answer.js';

export const PHOTO_RULES = ['required_on_abnormal', 'required_on_serious', 'optional'] as const;
export type PhotoRule = (typeof PHOTO_RULES)[number];
export const DEFAULT_PHOTO_RULE: PhotoRule = 'required_on_serious';

/** ≤ 10 MB per photo, up to 9 per step (issue #14). */
export const PHOTO_MAX_BYTES = 10 * 1024 * 1024;
export const PHOTOS_PER_STEP = 9;

export const PHOTO_MIMES = ['image/jpeg', 'image/png', 'image/heic'] as const;
export type PhotoMime = (typeof PHOTO_MIMES)[number];
export const PHOTO_EXT: Record<PhotoMime, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/heic': 'heic' };

/** Whether an 异常 of this level under this rule needs a photo before its step is complete. */
export function photoRequired(rule: PhotoRule | undefined, level: HazardLevel): boolean {
  const r = rule ?? DEFAULT_PHOTO_RULE;
  if (r === 'optional') return false;
  if (r === 'required_on_abnormal') return true;
  return level === 'serious' || level === 'major';
}

/**
 * The image type from the first bytes: JPEG (FF D8 FF), PNG (the 8-byte signature), HEIC (an ISO
 * BMFF `ftyp` box whose major or a compatible brand is heic/heix/heim/heis/hevc/hevx/mif1/msf1).
 * Anything else is null (refused).
 */
export function sniffImage(bytes: Uint8Array): PhotoMime | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length >= 8 && png.every((b, i) => bytes[i] === b)) return 'image/png';
  if (bytes.length >= 16 && ascii(bytes, 4, 8) === 'ftyp') {
    const size = ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
    const end = Math.min(bytes.length, Math.max(16, size));
    const brands = [ascii(bytes, 8, 12)];
    for (let i = 16; i + 4 <= end; i += 4) brands.push(ascii(bytes, i, i + 4));
    if (brands.some((b) => HEIF_BRANDS.has(b))) return 'image/heic';
  }
  return null;
}

const HEIF_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1']);

const ascii = (b: Uint8Array, from: number, to: number): string => String.fromCharCode(...b.subarray(from, to));

export type PhotoProblem = { code: 'too_large' | 'wrong_type' | 'empty'; message: string };

/**
 * Why a photo is refused, in words that say what to do, or its
 * type when accepted (`size`: a size declared before download).
 */
export function checkPhoto(bytes: Uint8Array, size = bytes.length): { mime: PhotoMime } | PhotoProblem {
  if (size > PHOTO_MAX_BYTES) {
    const mb = (size / 1024 / 1024).toFixed(1);
    return { code: 'too_large', message: `这张图片 ${mb} MB，超过 10 MB 的上限：请压缩或截图后重新发送` };
  }
  if (bytes.length === 0) return { code: 'empty', message: '收到的图片是空的，请重新发送' };
  const mime = sniffImage(bytes);
  if (!mime)
    return { code: 'wrong_type', message: '只接受 JPEG、PNG 或 HEIC 格式的照片：请直接拍照或从相册选择图片发送' };
  return { mime };
}
