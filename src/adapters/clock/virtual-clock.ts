/**
 * A clock that starts at a chosen instant and runs `speed` times faster than real time: trials
 * against the emulator (`safeduty serve --clock-start … --clock-speed 60`) and the sandbox.
 */
import type { Clock } from '../../app/ports.js';
import { wallTimeMs } from './wall-time.js';

export class VirtualClock implements Clock {
  private base: number;
  private wallBase = wallTimeMs();

  constructor(
    start: Date,
    private speed = 1,
  ) {
    this.base = start.getTime();
  }

  now(): Date {
    return new Date(this.base + (wallTimeMs() - this.wallBase) * this.speed);
  }

  /** jumps to an instant (never backwards: time moves forward only) */
  set(at: Date): void {
    const now = this.now().getTime();
    this.base = Math.max(now, at.getTime());
    this.wallBase = wallTimeMs();
  }

  get rate(): number {
    return this.speed;
  }
}
