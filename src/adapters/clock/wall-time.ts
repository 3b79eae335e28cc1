/**
 * Milliseconds since the epoch from the real clock. The default time source of components that
 * take `now: () => number` as an option (the sandbox emulators), so that tests can inject a fake
 * clock and this file stays the only other place, next to `system-clock.ts`, that reads real time.
 */
export function wallTimeMs(): number {
  return Date.now();
}
