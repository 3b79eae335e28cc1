/**
 * `safeduty config apply` leaves a mark in the configuration folder (`.applied`, the time it applied);
 * a running service on the same folder sees the mark change on its next tick and reloads its
 * configuration (as it does on SIGHUP). A folder it cannot write (a read-only mount) only loses the
 * mark: the database is applied anyway and SIGHUP reloads the service.
 */
import fs from 'node:fs';
import path from 'node:path';

export const APPLIED_MARKER = '.applied';

/** Writes the mark; false when the folder cannot be written. */
export function markApplied(dir: string, at: Date): boolean {
  try {
    fs.writeFileSync(path.join(dir, APPLIED_MARKER), `${at.toISOString()}\n`);
    return true;
  } catch {
    return false;
  }
}

/** The mark as last written (null: none). */
export function appliedMark(dir: string): string | null {
  try {
    return fs.readFileSync(path.join(dir, APPLIED_MARKER), 'utf8').trim();
  } catch {
    return null;
  }
}
