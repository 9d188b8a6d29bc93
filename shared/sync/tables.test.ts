import { describe, expect, it } from 'vitest';
import { rowKeyOf, statusMayMove, syncedTable, SYNCED_TABLES } from './tables';

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
    expect(statusMayMove(syncedTable(table)!, from, to)).toBe(allowed);
  });
});
