import { describe, expect, it } from 'vitest';
import { timeOrderedId } from '../../src/adapters/store/row-ids.js';

describe('time-ordered row ids', () => {
  it('are UUID-shaped, unique, and sort in the order they were made, even within one millisecond', () => {
    const t = Date.parse('2026-12-01T00:30:00Z');
    const ids = [
      ...Array.from({ length: 5000 }, () => timeOrderedId(t)),
      ...Array.from({ length: 10 }, (_, i) => timeOrderedId(t + 1 + i)),
    ];
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    for (const id of ids.slice(0, 50))
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('never go backwards when the clock does', () => {
    const a = timeOrderedId(Date.parse('2026-12-01T00:30:00Z'));
    const b = timeOrderedId(Date.parse('2026-11-01T00:30:00Z'));
    expect(b > a).toBe(true);
  });
});
