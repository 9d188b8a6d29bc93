import { describe, expect, it } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import { MIGRATIONS } from './migrations.generated';
import { CAMPAIGN_AUDIENCES, CAMPAIGN_KINDS } from '../../../shared/domain/campaigns';
import { APPOINTMENT_STATUSES } from '../../../shared/domain/booking';
import { OCCASIONS } from '../../../shared/domain/calendar/occasions';
import { CARD_STATUSES } from '../../../shared/domain/cards';
import { FOLLOW_UP_CHANNELS, FOLLOW_UP_PURPOSES } from '../../../shared/domain/customer360';
import { FAMILY_RELATIONS } from '../../../shared/domain/family';
import { DB_LEDGER_KINDS } from '../../../shared/domain/points-view';
import { CHURN_REASONS } from '../../../shared/domain/tasks';
import { CHANNELS, PREFERENCE_CATEGORIES, ROLES, TIERS, VISIT_TYPES } from '../../../shared/domain/types';

/**
 * A list of values lives twice: in the code's constant and in the CHECK of the migration that made
 * the column (SQL cannot import it). They must say the same: a value the code offers that the
 * CHECK refuses fails every save of it; one the CHECK allows that the code does not know arrives
 * from HQ and shows raw.
 */
const CODE_LISTS: Record<string, readonly string[]> = {
  'staff.role': ROLES,
  'customers.tier': TIERS,
  'customer_channel_consents.channel': CHANNELS,
  'tasks.channel': CHANNELS,
  'family_members.relation': FAMILY_RELATIONS,
  'visits.type': VISIT_TYPES,
  'preferences.category': PREFERENCE_CATEGORIES,
  'points_ledger.kind': DB_LEDGER_KINDS,
  'card_reminders.occasion': OCCASIONS,
  'card_reminders.status': CARD_STATUSES,
  'interactions.channel': FOLLOW_UP_CHANNELS,
  'interactions.purpose': FOLLOW_UP_PURPOSES,
  'interactions.churn_reason': CHURN_REASONS,
  'appointments.status': APPOINTMENT_STATUSES,
  'campaigns.kind': CAMPAIGN_KINDS,
  'campaigns.audience': CAMPAIGN_AUDIENCES,
};

/** Every `CHECK (column IN ('a', 'b'))` of the migrated tables, by table.column. */
function checkedLists(): Map<string, string[]> {
  const sqlite = new BetterSqlite3(':memory:');
  for (const m of MIGRATIONS) sqlite.exec(m.sql);
  const out = new Map<string, string[]>();
  for (const { name, sql } of sqlite.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql IS NOT NULL`).all() as { name: string; sql: string }[]) {
    for (const m of sql.matchAll(/CHECK \((\w+) IN \(('[^)]*')\)\)/g)) out.set(`${name}.${m[1]}`, [...m[2]!.matchAll(/'([^']*)'/g)].map((v) => v[1]!));
  }
  sqlite.close();
  return out;
}

describe('CHECK lists of the schema', () => {
  const checked = checkedLists();

  it.each(Object.entries(CODE_LISTS))('%s allows exactly the values of the code', (column, values) => {
    expect(checked.get(column), column).toBeDefined();
    expect([...checked.get(column)!].sort()).toEqual([...values].sort());
  });

  it('finds the CHECK lists it compares (the parser reads the schema)', () => {
    expect(checked.size).toBeGreaterThan(Object.keys(CODE_LISTS).length);
  });
});
