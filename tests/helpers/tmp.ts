/** Throw-away folders under .test-tmp/ (gitignored), removed after each test file (tests/setup.ts). */
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve('.test-tmp');
const made: string[] = [];

export function tmpDir(prefix: string): string {
  fs.mkdirSync(ROOT, { recursive: true });
  const dir = fs.mkdtempSync(path.join(ROOT, `${prefix}-`));
  made.push(dir);
  return dir;
}

/**
 * Removes the folders made so far. Registered for every test file by tests/setup.ts, not here: where files share
 * their modules (the `unit` project of vitest.config.ts), a module's own afterAll would run for the first file only.
 */
export function removeTmpDirs(): void {
  for (const d of made.splice(0)) fs.rmSync(d, { recursive: true, force: true });
}
