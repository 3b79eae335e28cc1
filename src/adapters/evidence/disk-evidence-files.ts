/**
 * The evidence files on the local disk: `<dir>/<first two hex digits>/<sha256>.<ext>`, written
 * to a temporary name and renamed (a crash never leaves half a photo under its hash). The name is
 * the content's hash, so the same photo sent twice is one file; `digestOf` reads the file again,
 * so `safeduty verify` notices a file replaced or deleted behind the database's back.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { EvidenceFiles } from '../../app/evidence/evidence-port.js';
import { PHOTO_EXT, type PhotoMime } from '../../domain/evidence/photo-rules.js';

const HASH = /^[0-9a-f]{64}$/;

export class DiskEvidenceFiles implements EvidenceFiles {
  constructor(readonly dir: string) {}

  async put(bytes: Uint8Array, mime: PhotoMime): Promise<{ hash: string; size: number }> {
    const hash = createHash('sha256').update(bytes).digest('hex');
    const file = this.pathOf(hash, PHOTO_EXT[mime]);
    if (!(await this.find(hash))) {
      await fs.mkdir(path.dirname(file), { recursive: true });
      const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
      await fs.writeFile(tmp, bytes, { flag: 'wx' });
      await fs.rename(tmp, file);
    }
    return { hash, size: bytes.length };
  }

  async get(hash: string): Promise<Uint8Array | null> {
    const f = await this.find(hash);
    return f ? fs.readFile(f) : null;
  }

  async digestOf(hash: string): Promise<string | null> {
    const bytes = await this.get(hash);
    return bytes ? createHash('sha256').update(bytes).digest('hex') : null;
  }

  async totalBytes(): Promise<number> {
    let total = 0;
    const dirs = await fs.readdir(this.dir).catch(() => [] as string[]);
    for (const d of dirs) {
      const files = await fs.readdir(path.join(this.dir, d)).catch(() => [] as string[]);
      for (const f of files) if (!f.endsWith('.tmp')) total += (await fs.stat(path.join(this.dir, d, f))).size;
    }
    return total;
  }

  private pathOf(hash: string, ext: string): string {
    return path.join(this.dir, hash.slice(0, 2), `${hash}.${ext}`);
  }

  /** The file under this hash, whatever its extension; null when missing (or not a hash at all). */
  private async find(hash: string): Promise<string | null> {
    if (!HASH.test(hash)) return null;
    for (const ext of Object.values(PHOTO_EXT)) {
      const f = this.pathOf(hash, ext);
      try {
        await fs.access(f);
        return f;
      } catch {
        /* not under this extension */
      }
    }
    return null;
  }
}
