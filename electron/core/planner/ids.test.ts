import { describe, expect, it } from 'vitest';
import { plannedId } from './ids';

describe('plannedId', () => {
  it('is a stable UUID-shaped id of (customer, rule, occurrence)', () => {
    const id = plannedId('c-1', 'care_call_90', '2026-08-01');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(plannedId('c-1', 'care_call_90', '2026-08-01')).toBe(id);
    // Pinned: every desk of every version must compute the same id for the same work.
    expect(id).toBe('ebedd8cc-4c57-589b-9ff8-4e41313746d6');
  });
  it('differs when any part differs, and parts cannot run into each other', () => {
    const ids = new Set([
      plannedId('c-1', 'care_call_90', '2026-08-01'),
      plannedId('c-2', 'care_call_90', '2026-08-01'),
      plannedId('c-1', 'd3_call', '2026-08-01'),
      plannedId('c-1', 'care_call_90', '2026-08-02'),
      plannedId('c-1a', 'b', 'c'),
      plannedId('c-1', 'ab', 'c'),
    ]);
    expect(ids.size).toBe(6);
  });
});
