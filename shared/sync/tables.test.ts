import { describe, expect, it } from 'vitest';
import { forwardUpdate, rowKeyOf, statusMayMove, statusRank, syncedTable, SYNCED_TABLES } from './tables';

describe('synced tables and their policies', () => {
  it('names every table once', () => {
    expect(new Set(SYNCED_TABLES.map((t) => t.table)).size).toBe(SYNCED_TABLES.length);
  });

  it('joins a composite key with a colon', () => {
    expect(rowKeyOf(syncedTable('customer_channel_consents')!, { customer_id: 'c-1', channel: 'sms', allowed: 0 })).toBe('c-1:sms');
  });

  it.each([
    ['tasks', 'open', 'done', true],
    ['tasks', 'done', 'open', false],
    ['tasks', 'done', 'skipped', false],
    ['tasks', 'skipped', 'done', true],
    ['tasks', 'done', 'done', true],
    ['tasks', 'open', 'void', true],
    ['tasks', 'void', 'done', true],
    ['tasks', 'void', 'skipped', true],
    ['tasks', 'done', 'void', false],
    ['tasks', 'void', 'open', false],
    ['card_reminders', 'to_write', 'written', true],
    ['card_reminders', 'written', 'mailed', true],
    ['card_reminders', 'mailed', 'written', false],
    ['card_reminders', 'written', 'to_write', false],
    ['appointments', 'booked', 'cancelled', true],
    ['appointments', 'cancelled', 'booked', false],
    ['tasks', 'open', 'bogus', false],
  ] as const)('%s status %s -> %s allowed: %s', (table, from, to, allowed) => {
    expect(statusMayMove(syncedTable(table)!, { status: from }, { status: to })).toBe(allowed);
  });

  it('a task done over a skip (another desk skipped it) loses the skip reason; one the update sets stays', () => {
    const tasks = syncedTable('tasks')!;
    const skipped = { status: 'skipped', skip_reason: 'not_relevant', outcome: null };
    expect(forwardUpdate(tasks, skipped, { status: 'done', outcome: 'reached' })).toEqual({ status: 'done', skip_reason: null, outcome: 'reached' });
    expect(forwardUpdate(tasks, { status: 'open', skip_reason: null }, { status: 'skipped', skip_reason: 'duplicate' })).toEqual({ status: 'skipped', skip_reason: 'duplicate' });
    expect(forwardUpdate(tasks, { status: 'done', skip_reason: null, outcome: 'reached' }, { outcome: 'booked' })).toEqual({ status: 'done', skip_reason: null, outcome: 'booked' });
  });

  const cards = syncedTable('card_reminders')!;
  const lapsed = { status: 'skipped', skip_reason: 'lapsed' };
  const skippedByPerson = { status: 'skipped', skip_reason: '客户已搬家' };

  it("ranks a card the planner lapsed below every person's outcome: to_write < lapsed < written < mailed | handed_over | skipped by a person", () => {
    const ranks = [{ status: 'to_write' }, lapsed, { status: 'written' }, { status: 'mailed' }].map((row) => statusRank(cards, row));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(new Set(ranks).size).toBe(4);
    expect(statusRank(cards, { status: 'handed_over' })).toBe(statusRank(cards, { status: 'mailed' }));
    expect(statusRank(cards, skippedByPerson)).toBe(statusRank(cards, { status: 'mailed' }));
    expect(statusRank(cards, { status: 'lapsed' }), 'not a status').toBe(-1);
  });

  it.each([
    [{ status: 'to_write' }, lapsed, true],
    [lapsed, { ...lapsed, status: 'written' }, true],
    [lapsed, { status: 'mailed' }, true],
    [lapsed, skippedByPerson, true],
    [lapsed, lapsed, true],
    [lapsed, { status: 'to_write' }, false],
    [{ status: 'written' }, lapsed, false],
    [skippedByPerson, lapsed, false],
    [skippedByPerson, { status: 'written' }, false],
  ] as const)('card_reminders %o -> %o allowed: %s', (from, to, allowed) => {
    expect(statusMayMove(cards, from, to)).toBe(allowed);
  });

  it("a person's outcome over the planner's lapse drops its skip_reason, unless it gives its own", () => {
    const row = { id: 'k1', ...lapsed, written_at: null };
    expect(forwardUpdate(cards, row, { status: 'written', written_at: 'x' })).toEqual({ id: 'k1', status: 'written', skip_reason: null, written_at: 'x' });
    expect(forwardUpdate(cards, row, { status: 'skipped', skip_reason: '客户已搬家' })).toEqual({ id: 'k1', ...skippedByPerson, written_at: null });
    expect(forwardUpdate(cards, row, { advisor_id: 'a2' })).toEqual({ ...row, advisor_id: 'a2' });
    const person = { id: 'k2', ...skippedByPerson };
    expect(forwardUpdate(cards, person, { updated_at: 'y' })).toEqual({ ...person, updated_at: 'y' });
  });
});
