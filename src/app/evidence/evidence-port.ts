/**
 * Photos kept as evidence: the files (EvidenceFiles, content-addressed by SHA-256; local disk by
 * default, adapters/evidence/disk-evidence-files.ts) and what the database knows of them (the
 * Evidence rows and the chain records listing their hashes, through Store).
 */
import type { PhotoMime } from '../../domain/evidence/photo-rules.js';
import type { ReportImage } from '../../domain/reports/document.js';

export interface EvidenceFiles {
  /** keeps the bytes under their SHA-256 (hex); storing the same bytes twice keeps one file */
  put(bytes: Uint8Array, mime: PhotoMime): Promise<{ hash: string; size: number }>;
  /** the bytes stored under this hash, or null when the file is missing */
  get(hash: string): Promise<Uint8Array | null>;
  /** the SHA-256 of the file stored under this hash as it is now, or null when missing (verify) */
  digestOf(hash: string): Promise<string | null>;
  /** bytes held, for reports (doctor, bench) */
  totalBytes(): Promise<number>;
}

/** A photo as the record chain lists it (payload.photos of an `evidence_added` record). */
export interface PhotoRef {
  hash: string;
  size: number;
  mime: PhotoMime;
}

/** One photo of a hazard, as exports and hazard views show it. */
export interface EvidenceRow extends PhotoRef {
  hazardId: string | null;
  stage: 'found' | 'rectified';
  at: Date;
  personName: string | null;
  /** the chain record listing it */
  recordSeq: number;
}

/** A chain record listing photos, for verify. */
export interface EvidenceRecord {
  unitKey: string;
  unitName: string;
  seq: number;
  recordId: string;
  photos: PhotoRef[];
}

/**
 * Photos made small for documents (adapters/evidence/sharp-thumbnails.ts), so that a docx with many photos stays small.
 */
export interface Thumbnails {
  /**
   * the picture scaled down to fit a box of `box`×`box` pixels,
   * or null when it cannot be decoded (HEIC, a damaged file)
   */
  thumbnail(bytes: Uint8Array, box: number): Promise<ReportImage | null>;
}
