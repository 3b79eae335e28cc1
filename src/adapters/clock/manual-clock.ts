/** A clock moved by its owner: simulations jump from one scheduled instant to the next. */
import type { Clock } from '../../app/ports.js';

export class ManualClock implements Clock {
  private t: number;
  constructor(start: Date) {
    this.t = start.getTime();
  }
  now(): Date {
    return new Date(this.t);
  }
  set(at: Date): void {
    this.t = at.getTime();
  }
}
