import { describe, expect, it } from 'vitest';
import { DB_LEDGER_KINDS, dbLedgerKind, ledgerKindOf } from './points-view';
import type { LedgerKind } from './rules/points';

describe('ledger kinds: the pure rules’ names and the database’s, mapped in one place', () => {
  it.each<[LedgerKind, string]>([
    ['visit', 'earn_visit'], ['redemption', 'redeem'], ['transfer_out', 'transfer_out'], ['transfer_in', 'transfer_in'],
    ['referral', 'referral'], ['mileage', 'mileage'], ['activity', 'activity'], ['reversal', 'reversal'],
  ])('%s <-> %s', (kind, db) => {
    expect(dbLedgerKind(kind)).toBe(db);
    expect(ledgerKindOf(dbLedgerKind(kind))).toBe(kind);
  });
  it('every database kind is one the schema allows; adjustment has no rules name', () => {
    expect(DB_LEDGER_KINDS).toEqual(['earn_visit', 'referral', 'mileage', 'activity', 'redeem', 'transfer_in', 'transfer_out', 'reversal', 'adjustment']);
    expect(ledgerKindOf('adjustment')).toBeNull();
  });
});
