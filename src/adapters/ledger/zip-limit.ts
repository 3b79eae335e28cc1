/**
 * Guards an .xlsx (a zip) before a spreadsheet library opens it: the content, once uncompressed,
 * must stay within a limit (a 2 MB “zip bomb” can inflate to gigabytes). The sizes the zip's
 * directory declares are checked first (cheap), then every entry is really inflated in a stream,
 * counting bytes and stopping at the limit, so a file that lies about its sizes is caught too. Memory
 * stays flat: nothing inflated is kept.
 */
import fs from 'node:fs';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';

export class ZipTooLarge extends Error {}
export class NotAZip extends Error {}

interface Entry {
  method: number;
  compressed: number;
  declared: number;
  localOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

async function readAt(fd: fs.promises.FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fd.read(buf, 0, length, position);
  return buf.subarray(0, bytesRead);
}

async function entriesOf(fd: fs.promises.FileHandle, size: number): Promise<Entry[]> {
  const tailLength = Math.min(size, 22 + 0xffff);
  const tail = await readAt(fd, size - tailLength, tailLength);
  let at = -1;
  for (let i = tail.length - 22; i >= 0; i--)
    if (tail.readUInt32LE(i) === EOCD) {
      at = i;
      break;
    }
  if (at < 0) throw new NotAZip('no end of central directory');
  const count = tail.readUInt16LE(at + 10);
  const cdSize = tail.readUInt32LE(at + 12);
  const cdOffset = tail.readUInt32LE(at + 16);
  // ZIP64 (sizes beyond 4 GB) never occurs in a ledger within our limits.
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) throw new ZipTooLarge('zip64');
  if (cdOffset + cdSize > size) throw new NotAZip('central directory beyond the file');
  const cd = await readAt(fd, cdOffset, cdSize);
  const entries: Entry[] = [];
  let p = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL) throw new NotAZip('bad central directory');
    entries.push({
      method: cd.readUInt16LE(p + 10),
      compressed: cd.readUInt32LE(p + 20),
      declared: cd.readUInt32LE(p + 24),
      localOffset: cd.readUInt32LE(p + 42),
    });
    p += 46 + cd.readUInt16LE(p + 28) + cd.readUInt16LE(p + 30) + cd.readUInt16LE(p + 32);
  }
  return entries;
}

/**
 * Throws ZipTooLarge when the zip's content is beyond `limit` bytes uncompressed, NotAZip when it is
 * no zip. `onData` receives the inflated bytes (entry after entry) when the caller reads the content.
 */
export async function assertInflatedWithin(
  file: string,
  limit: number,
  onData?: (chunk: Buffer) => void,
): Promise<number> {
  const fd = await fs.promises.open(file, 'r');
  try {
    const size = (await fd.stat()).size;
    const entries = await entriesOf(fd, size);
    if (entries.reduce((s, e) => s + e.declared, 0) > limit) throw new ZipTooLarge('declared');
    let total = 0;
    for (const e of entries) {
      const local = await readAt(fd, e.localOffset, 30);
      if (local.length < 30 || local.readUInt32LE(0) !== LOCAL) throw new NotAZip('bad local header');
      const start = e.localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
      if (e.compressed === 0) continue;
      if (start + e.compressed > size) throw new NotAZip('entry beyond the file');
      if (e.method === 0) {
        total += e.compressed;
        if (total > limit) throw new ZipTooLarge('stored');
        onData?.(await readAt(fd, start, e.compressed));
        continue;
      }
      if (e.method !== 8) throw new NotAZip(`compression method ${e.method}`);
      const counter = new Writable({
        write(chunk: Buffer, _enc, done) {
          total += chunk.length;
          if (total <= limit) onData?.(chunk);
          done(total > limit ? new ZipTooLarge('inflated') : null);
        },
      });
      try {
        await pipeline(
          fs.createReadStream(file, { start, end: start + e.compressed - 1 }),
          zlib.createInflateRaw(),
          counter,
        );
      } catch (err) {
        if (err instanceof ZipTooLarge) throw err;
        throw new NotAZip(`inflate: ${(err as Error).message}`);
      }
    }
    return total;
  } finally {
    await fd.close();
  }
}

/** The text of every entry of a zip (a .docx's or .xlsx's XML), within `limit` bytes inflated. */
export async function zipText(file: string, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  await assertInflatedWithin(file, limit, (c) => chunks.push(c));
  return Buffer.concat(chunks).toString('utf8');
}
