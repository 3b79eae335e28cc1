/** The image type is read from the bytes; size and count limits; when a photo is required. */
import { describe, expect, it } from 'vitest';
import { checkPhoto, PHOTO_MAX_BYTES, photoRequired, sniffImage } from '../../src/domain/evidence/photo-rules.js';
import { heicHead, jpegHead, png } from '../helpers/images.js';

describe('photo rules', () => {
  it('reads JPEG, PNG and HEIC from their first bytes, and nothing else', () => {
    expect(sniffImage(png())).toBe('image/png');
    expect(sniffImage(jpegHead())).toBe('image/jpeg');
    expect(sniffImage(heicHead())).toBe('image/heic');
    expect(sniffImage(Buffer.from('GIF89a....'))).toBeNull();
    expect(sniffImage(Buffer.from('%PDF-1.7\n'))).toBeNull();
    // an ISO BMFF file that is a video, not an image (brand isom/mp42)
    expect(
      sniffImage(Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom\0\0\0\0mp42isom', 'ascii')])),
    ).toBeNull();
    // a PNG signature cut short is not a PNG
    expect(sniffImage(png().subarray(0, 5))).toBeNull();
  });

  it('refuses too large, empty and wrong-typed files with what to do', () => {
    const big = Buffer.alloc(PHOTO_MAX_BYTES + 1);
    jpegHead().copy(big);
    expect(checkPhoto(big)).toMatchObject({ code: 'too_large', message: expect.stringContaining('10 MB') });
    expect(checkPhoto(new Uint8Array(0), PHOTO_MAX_BYTES * 2)).toMatchObject({
      code: 'too_large',
      message: expect.stringContaining('20.0 MB'),
    });
    expect(checkPhoto(new Uint8Array(0))).toMatchObject({ code: 'empty' });
    expect(checkPhoto(Buffer.from('GIF89a'))).toMatchObject({
      code: 'wrong_type',
      message: expect.stringContaining('JPEG、PNG 或 HEIC'),
    });
    const exactly = Buffer.alloc(PHOTO_MAX_BYTES);
    jpegHead().copy(exactly);
    expect(checkPhoto(exactly)).toEqual({ mime: 'image/jpeg' });
  });

  it('requires a photo for 严重/重大 by default, for every 异常 when the item says so, never when optional', () => {
    expect([
      photoRequired(undefined, 'general'),
      photoRequired(undefined, 'serious'),
      photoRequired(undefined, 'major'),
    ]).toEqual([false, true, true]);
    expect(photoRequired('required_on_abnormal', 'general')).toBe(true);
    expect(photoRequired('optional', 'major')).toBe(false);
  });
});
