// mkdir -p for the SQLite file's folder, shared by scripts/migrate-lib.mjs and src/adapters/store/db.ts.
import fs from 'node:fs';
import path from 'node:path';

/**
 * mkdir -p, one level at a time: fs.mkdirSync(dir, { recursive: true }) spins at 100 % CPU for ever on
 * Node 20 when the kernel answers ENOENT for an existing parent (seen with /proc/nope).
 * @param {string} dir absolute
 * @param {(dir: string, e: Error) => Error} fail the error to throw when a level cannot be made
 */
export function makeDirs(dir, fail) {
  if (fs.existsSync(dir)) return;
  const parent = path.dirname(dir);
  if (parent !== dir) makeDirs(parent, fail);
  try {
    fs.mkdirSync(dir);
  } catch (e) {
    if (/** @type {NodeJS.ErrnoException} */ (e).code !== 'EEXIST') throw fail(dir, /** @type {Error} */ (e));
  }
}
