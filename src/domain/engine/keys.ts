/**
 * Deterministic keys. Every task and message the engine decides on has one, under a unique
 * constraint, so that a second tick, a second instance or a restart can never duplicate it.
 */
import type { TaskKind } from './policy.js';

export const taskKey = (unitKey: string, kind: TaskKind, period: string, subjectId: string): string =>
  `task:${unitKey}:${kind}:${period}:${subjectId}`;

/** One message per recipient, task group and purpose level: a director with 12 late devices gets one. */
export const messageKey = (unitKey: string, group: string, purpose: string, level: number, recipient: string): string =>
  `msg:${unitKey}:${group}:${purpose}:${level}:${recipient}`;
