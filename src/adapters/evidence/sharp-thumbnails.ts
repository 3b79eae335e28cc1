/**
 * Thumbnails for documents with sharp (libvips; its prebuilt binaries come from the npm registry as
 * @img/sharp-<platform> packages, nothing is compiled or downloaded at install). Each photo is turned
 * upright by its EXIF orientation (phones store portrait photos sideways), scaled down to fit the box,
 * flattened onto white (a PNG's transparency) and written as a JPEG, so a Word file of 50 photos
 * weighs ~1 MB instead of their originals' tens of MB. Its libvips decodes JPEG and PNG; HEIC needs
 * the HEVC decoder, which the prebuilt libvips leaves out (patents), so a HEIC photo is null here and
 * the document shows a placeholder with its hash instead.
 */
import type { Thumbnails } from '../../app/evidence/evidence-port.js';
import type { ReportImage } from '../../domain/reports/document.js';

/** Decoding stops beyond this many pixels (a decompression bomb); a phone photo has ~12–50 million. */
const MAX_INPUT_PIXELS = 100_000_000;

/** sharp (and libvips) loaded on the first thumbnail, not by every process that starts the service. */
let loaded: Promise<typeof import('sharp')> | undefined;
const loadSharp = () =>
  (loaded ??= import('sharp').then((m) => {
    // One image at a time is enough for an export; libvips' cache would only keep memory.
    m.default.cache(false);
    return m;
  }));

export const sharpThumbnails: Thumbnails = {
  async thumbnail(bytes: Uint8Array, box: number): Promise<ReportImage | null> {
    const sharp = (await loadSharp()).default;
    try {
      const { data, info } = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
        .rotate()
        .resize({ width: box, height: box, fit: 'inside', withoutEnlargement: true })
        .flatten({ background: '#ffffff' })
        .jpeg({ quality: 78 })
        .toBuffer({ resolveWithObject: true });
      return { bytes: new Uint8Array(data), type: 'jpg', width: info.width, height: info.height };
    } catch {
      return null;
    }
  },
};
