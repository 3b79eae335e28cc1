/** Throw-away folders under .test-tmp/ (gitignored), removed after the run. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll } from 'vitest';

const ROOT = path.resolve('.test-tmp');
const made: string[] = [];

export function tmpDir(prefix: string): string {
  fs.mkdirSync(ROOT, { recursive: true });
  const dir = fs.mkdtempSync(path.join(ROOT, `${prefix}-`));
  made.push(dir);
  return dir;
}

afterAll(() => {
  for (const d of made.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
