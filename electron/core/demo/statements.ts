import type BetterSqlite3 from 'better-sqlite3';
import { BatchInsert } from './batch';

/** The prepared INSERTs the generator reuses for every row (positional parameters, in column order). */
const SQL = {
  store: `INSERT INTO stores (id, code, name, timezone, address, phone, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  staff: `INSERT INTO staff (id, store_id, name, role, phone, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?)`,
  customer: `INSERT INTO customers (id, store_id, name, name_pinyin, name_initials, gender, phone, phone2,
      birthday_calendar, birth_date, birthday_lunar_month, birthday_lunar_day, birthday_lunar_leap, wedding_date,
      address, city, advisor_id, member_since, tier, tier_since, marketing_consent, consent_recorded_at,
      do_not_contact, referred_by_id, note, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  consent: `INSERT INTO customer_channel_consents (customer_id, channel, allowed, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?)`,
  family: `INSERT INTO family_members (id, store_id, customer_id, relation, name, birthday_calendar, birth_date,
      birthday_lunar_month, birthday_lunar_day, birthday_lunar_leap, note, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  vehicle: `INSERT INTO vehicles (id, store_id, customer_id, plate, vin, brand, model, color, is_new_energy, delivery_date,
      purchase_amount_fen, mileage_km, mileage_recorded_on, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  preference: `INSERT INTO preferences (id, store_id, customer_id, category, value, suggestion_status, noted_by, noted_at,
      updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  survey: `INSERT INTO surveys (id, store_id, customer_id, visit_id, surveyed_on, score, comment, recorded_by, created_at,
      updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  complaint: `INSERT INTO complaints (id, store_id, customer_id, opened_on, resolved_on, summary, resolution, recorded_by,
      created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  referral: `INSERT INTO referrals (id, store_id, referrer_customer_id, referred_customer_id, referred_name, referred_on,
      status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
} as const;

/**
 * The big tables, written in batches (see batch.ts): how a row of VALUES (column1...)
 * becomes a row of the table, and how many values it has. The store id is a literal
 * and a visit's updated_at repeats its created_at, so neither is bound per row.
 */
function batched(storeId: string) {
  const store = `'${storeId.replace(/'/g, "''")}'`;
  return {
    visit: [`INSERT INTO visits (id, store_id, customer_id, vehicle_id, visit_date, type, amount_fen, mileage_km, advisor_id,
      created_at, updated_at) SELECT column1, ${store}, column2, column3, column4, column5, column6, column7, column8, column9,
      column9 FROM`, 9],
    ledger: [`INSERT INTO points_ledger (id, store_id, customer_id, entry_date, kind, points, visit_id, counterparty_id, note,
      created_by, created_at) SELECT column1, ${store}, column2, column3, column4, column5, column6, column7, column8, column9,
      column10 FROM`, 10],
    // Staged, then inserted in key order by flush (see prepareStatements).
    searchKey: [`INSERT INTO temp.demo_search_keys (kind, key, customer_id) SELECT column1, column2, column3 FROM`, 3],
  } as const;
}

export type Statements = { [K in keyof typeof SQL]: BetterSqlite3.Statement } & { [K in keyof ReturnType<typeof batched>]: BatchInsert } & {
  /** Writes what the batches still hold. */
  flush(): void;
};

export function prepareStatements(sqlite: BetterSqlite3.Database, storeId: string): Statements {
  const out: Record<string, unknown> = {};
  for (const [key, sql] of Object.entries(SQL)) out[key] = sqlite.prepare(sql);
  // search_keys' primary key is (kind, key, customer_id), and keys come customer by customer: ~30
  // scattered inserts per customer. Staged and inserted sorted, they are appended to its B-tree.
  sqlite.exec('DROP TABLE IF EXISTS temp.demo_search_keys');
  sqlite.exec('CREATE TEMP TABLE demo_search_keys (kind INTEGER NOT NULL, key TEXT NOT NULL, customer_id TEXT NOT NULL)');
  const batches = Object.entries(batched(storeId)).map(([key, [head, width]]) => (out[key] = new BatchInsert(sqlite, head, width)));
  out.flush = () => {
    for (const batch of batches) batch.flush();
    sqlite.exec(`INSERT OR IGNORE INTO search_keys (kind, key, customer_id) SELECT kind, key, customer_id FROM temp.demo_search_keys ORDER BY kind, key, customer_id;
      DROP TABLE temp.demo_search_keys`);
  };
  return out as Statements;
}
