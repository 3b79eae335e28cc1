/**
 * Milliseconds since the epoch from the real clock: the default `now` of the emulators. Tests inject
 * a fake clock through the emulators' `now` option instead. (The emulators are a package of their
 * own and do not import the service's code, so this is not src/adapters/clock/wall-time.ts.)
 */
export function wallTimeMs(): number {
  return Date.now();
}
