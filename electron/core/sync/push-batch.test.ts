import { describe, expect, it } from 'vitest';
import type { PendingEntry } from '../repos/outbox';
import { withinBytes } from './push-batch';

const entry = (mutationId: number, rows: number): PendingEntry => ({
  mutationId, name: 'planner.align', args: {}, createdAt: '2026-11-24T00:00:00.000Z',
  ops: Array.from({ length: rows }, (_, i) => ({ op: 'update' as const, table: 'tasks', pk: `t${i}`, fields: { status: 'void' }, base: { status: 'open' }, row: { id: `t${i}`, status: 'void' } })),
});

describe('a push batch is cut by the size of its row operations', () => {
  it('keeps whole leading entries within the budget, in order', () => {
    const entries = [entry(1, 10), entry(2, 10), entry(3, 10)];
    const one = JSON.stringify(entries[0]!.ops).length;
    expect(withinBytes(entries, one * 3).map((e) => e.mutationId)).toEqual([1, 2, 3]);
    expect(withinBytes(entries, one * 2 + 1).map((e) => e.mutationId)).toEqual([1, 2]);
  });

  it('an entry larger than the budget still goes, alone', () => {
    expect(withinBytes([entry(1, 100), entry(2, 1)], 10).map((e) => e.mutationId)).toEqual([1]);
    expect(withinBytes([], 10)).toEqual([]);
  });
});
