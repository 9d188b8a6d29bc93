import { describe, expect, it } from 'vitest';
import type { RowOp } from '../../shared/sync/protocol';
import { alignOp } from './align';

const openTask = { id: 't1', store_id: 's1', customer_id: 'c1', advisor_id: 'a1', advisor_pinned: 0, status: 'open', due_date: '2026-11-01', reason: 'r', updated_at: 'x' };
const update = (fields: Record<string, unknown>, table = 'tasks', pk = 't1'): RowOp => ({ op: 'update', table, pk, fields, base: {}, row: { ...openTask, id: pk, ...fields } });

describe('HQ applies a desk planner\'s change to a row it holds (planner.align)', () => {
  it('a void or a re-date of a task still open at HQ: the planner\'s fields, last writer wins', () => {
    expect(alignOp(update({ status: 'void', updated_at: 'y' }), openTask)).toEqual({ kind: 'write', row: { ...openTask, status: 'void', updated_at: 'y' } });
    expect(alignOp(update({ due_date: '2026-12-01', reason: 'r2' }), openTask)).toEqual({ kind: 'write', row: { ...openTask, due_date: '2026-12-01', reason: 'r2' } });
  });

  it('a row HQ does not hold is left alone (never inserted)', () => {
    expect(alignOp(update({ status: 'void' }), null)).toEqual({ kind: 'skip' });
  });

  it('a row a person finished at HQ stays finished, written again so the desk pulls it', () => {
    const done = { ...openTask, status: 'done', completed_by: 'a1' };
    expect(alignOp(update({ status: 'void' }), done)).toEqual({ kind: 'write', row: done });
    const written = { id: 'k1', status: 'written', due_date: '2026-11-01' };
    expect(alignOp(update({ status: 'skipped', skip_reason: 'lapsed' }, 'card_reminders', 'k1'), written)).toEqual({ kind: 'write', row: written });
  });

  it('a task a planner voided at HQ opens again when a planner reopens it (its reason came back); nothing else moves a void', () => {
    const voided = { ...openTask, status: 'void', updated_at: 'y' };
    expect(alignOp(update({ status: 'open', due_date: '2026-12-05', updated_at: 'z' }), voided)).toEqual({ kind: 'write', row: { ...openTask, due_date: '2026-12-05', updated_at: 'z' } });
    expect(alignOp(update({ status: 'open' }), { ...voided, advisor_id: 'a9', advisor_pinned: 1 })).toMatchObject({ kind: 'write', row: { status: 'open', advisor_id: 'a9' } });
    expect(alignOp(update({ due_date: '2026-12-05' }), voided), 'a re-date of a void row').toEqual({ kind: 'write', row: voided });
    const skipped = { ...openTask, status: 'skipped', skip_reason: 'unreachable' };
    expect(alignOp(update({ status: 'open' }), skipped), "a person's outcome is final").toEqual({ kind: 'write', row: skipped });
    const written = { id: 'k1', status: 'written', skip_reason: null };
    expect(alignOp(update({ status: 'to_write' }, 'card_reminders', 'k1'), written), 'a card a person wrote').toEqual({ kind: 'write', row: written });
  });

  it('a card a planner lapsed at HQ is to write again when a planner reopens it; one a person skipped is not', () => {
    const lapsed = { id: 'k1', status: 'skipped', skip_reason: 'lapsed', due_date: '2026-11-28', updated_at: 'y' };
    expect(alignOp(update({ status: 'to_write', skip_reason: null, due_date: '2026-11-28', updated_at: 'z' }, 'card_reminders', 'k1'), lapsed)).toEqual({
      kind: 'write', row: { id: 'k1', status: 'to_write', skip_reason: null, due_date: '2026-11-28', updated_at: 'z' },
    });
    const skipped = { ...lapsed, skip_reason: 'moved away' };
    expect(alignOp(update({ status: 'to_write', skip_reason: null }, 'card_reminders', 'k1'), skipped)).toEqual({ kind: 'write', row: skipped });
  });

  it('a task a manager pinned keeps its advisor; other planner fields still apply', () => {
    const pinned = { ...openTask, advisor_id: 'a9', advisor_pinned: 1 };
    expect(alignOp(update({ advisor_id: 'a1', due_date: '2026-12-02' }), pinned)).toEqual({ kind: 'write', row: { ...pinned, due_date: '2026-12-02' } });
  });

  it("a customer's tier: only tier, tier_since and updated_at; a customer HQ does not have is skipped", () => {
    const customer = { id: 'c1', store_id: 's1', name: '王伟', tier: 'normal', tier_since: null, advisor_id: 'a1', updated_at: 'x' };
    const op: RowOp = { op: 'update', table: 'customers', pk: 'c1', fields: { tier: 'silver', tier_since: '2026-11-24', updated_at: 'y' }, base: {}, row: { ...customer, tier: 'silver' } };
    expect(alignOp(op, customer)).toEqual({ kind: 'write', row: { ...customer, tier: 'silver', tier_since: '2026-11-24', updated_at: 'y' } });
    expect(alignOp(op, null)).toEqual({ kind: 'skip' });
    expect(alignOp({ ...op, fields: { advisor_id: 'a2' } }, customer)).toMatchObject({ kind: 'reject', code: 'forbidden_field', details: { field: 'advisor_id' } });
  });

  it('anything that is not a planner change is refused, naming the field', () => {
    expect(alignOp({ op: 'insert', table: 'tasks', pk: 't1', row: openTask }, null)).toMatchObject({ kind: 'reject', code: 'invalid_row', details: { field: 'op' } });
    expect(alignOp(update({ note: 'x' }, 'preferences'), null)).toMatchObject({ kind: 'reject', code: 'invalid_row' });
    expect(alignOp(update({ customer_id: 'c2' }), openTask)).toMatchObject({ kind: 'reject', code: 'forbidden_field', details: { field: 'customer_id' } });
    expect(alignOp(update({ status: 'open' }, 'card_reminders', 'k1'), { id: 'k1', status: 'to_write' })).toMatchObject({ kind: 'reject', code: 'status_backwards' });
    expect(alignOp({ ...update({ status: 'void' }), pk: 'other' }, openTask)).toMatchObject({ kind: 'reject', code: 'invalid_row', details: { field: 'pk' } });
  });
});
