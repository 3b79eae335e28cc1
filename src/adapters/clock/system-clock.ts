/** The only place that reads the real time. */
import type { Clock } from '../../app/ports.js';

export const systemClock: Clock = { now: () => new Date() };
