/**
 * The sandbox's virtual clock: it runs at `rate` × real time from a chosen start and is moved by
 * the clock panel (forward only; 重置演示 restarts it). It remembers every jump, so that a real
 * instant (the emulator stamps messages with real time) maps back to the virtual time it was then.
 */

import { wallTimeMs } from '../adapters/clock/wall-time.js';
import type { Clock } from '../app/ports.js';

interface Segment {
  /** real ms when this segment began */
  wall: number;
  /** virtual ms at that moment */
  at: number;
}

export class SandboxClock implements Clock {
  private segments: Segment[];

  constructor(
    start: Date,
    readonly rate = 1,
    private readonly wall: () => number = wallTimeMs,
  ) {
    this.segments = [{ wall: this.wall(), at: start.getTime() }];
  }

  now(): Date {
    return new Date(this.virtualAt(this.wall()));
  }

  /** Jumps forward to `at` (an instant in the past is refused: the engine's time only moves forward). */
  set(at: Date): void {
    if (at.getTime() < this.now().getTime()) throw new RangeError('the sandbox clock only moves forward');
    this.segments.push({ wall: this.wall(), at: at.getTime() });
  }

  /** Starts over at `start` (the demo was reset). */
  restart(start: Date): void {
    this.segments = [{ wall: this.wall(), at: start.getTime() }];
  }

  /** The virtual time (ms) the clock showed at the real instant `wallMs`. */
  virtualAt(wallMs: number): number {
    let seg = this.segments[0]!;
    for (const s of this.segments) if (s.wall <= wallMs) seg = s;
    return seg.at + Math.max(0, wallMs - seg.wall) * this.rate;
  }
}
