import type BetterSqlite3 from 'better-sqlite3';
import { indexedBy } from './indexes';
import type { ConsentState } from '../../../shared/domain/consent';
import type { ContactPrefs } from '../../../shared/domain/tasks';
import type { CustomerRef } from '../../../shared/domain/today';
import { CHANNELS, type Channel, type Tier } from '../../../shared/domain/types';

/** Reads for Today and My customers: many customers at once, by id list (json_each) or by advisor. */

/** Name, tier and newest plate of these customers (from customer_status: call after ensureStatus). */
export function customerRefs(sqlite: BetterSqlite3.Database, ids: readonly string[]): Map<string, CustomerRef> {
  const out = new Map<string, CustomerRef>();
  if (ids.length === 0) return out;
  const rows = sqlite
    .prepare('SELECT customer_id, name, tier, plate FROM customer_status WHERE customer_id IN (SELECT value FROM json_each(?))')
    .raw()
    .all(JSON.stringify([...new Set(ids)])) as [string, string, Tier, string | null][];
  for (const [id, name, tier, plate] of rows) out.set(id, { id, name, tier, plate });
  return out;
}

/** Consent of these customers: general consent, do-not-contact, per-channel choices. */
export function consentStates(sqlite: BetterSqlite3.Database, ids: readonly string[]): Map<string, ConsentState> {
  const out = new Map<string, ConsentState>();
  if (ids.length === 0) return out;
  const list = JSON.stringify([...new Set(ids)]);
  const rows = sqlite.prepare('SELECT id, marketing_consent, do_not_contact FROM customers WHERE id IN (SELECT value FROM json_each(?))').raw().all(list) as [string, number, number][];
  for (const [id, marketing, dnc] of rows) out.set(id, { marketingConsent: marketing === 1, doNotContact: dnc === 1, channels: {} });
  const choices = sqlite.prepare('SELECT customer_id, channel, allowed FROM customer_channel_consents WHERE customer_id IN (SELECT value FROM json_each(?))').raw().all(list) as [string, string, number][];
  for (const [id, channel, allowed] of choices) {
    const state = out.get(id);
    if (state && (CHANNELS as readonly string[]).includes(channel)) state.channels[channel as Channel] = allowed === 1;
  }
  return out;
}

/** Contact channel, contact time and do-not-disturb preferences of these customers. */
export function contactPrefs(sqlite: BetterSqlite3.Database, ids: readonly string[]): Map<string, ContactPrefs> {
  const out = new Map<string, ContactPrefs>();
  if (ids.length === 0) return out;
  const rows = sqlite
    .prepare(
      `SELECT customer_id, category, value FROM preferences
       WHERE customer_id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL AND category IN ('contact_channel', 'contact_time', 'do_not_disturb')
       ORDER BY noted_at`,
    )
    .raw()
    .all(JSON.stringify([...new Set(ids)])) as [string, string, string][];
  for (const [id, category, value] of rows) {
    let p = out.get(id);
    if (!p) out.set(id, (p = { channel: [], time: [], doNotDisturb: [] }));
    if (category === 'contact_channel') p.channel.push(value);
    else if (category === 'contact_time') p.time.push(value);
    else p.doNotDisturb.push(value);
  }
  return out;
}

/** Open tasks per customer among an advisor's tasks. */
export function openTaskCounts(sqlite: BetterSqlite3.Database, advisorId: string | null): Map<string, number> {
  const sql =
    advisorId === null
      ? "SELECT customer_id FROM tasks WHERE status = 'open'"
      : `SELECT customer_id FROM tasks${indexedBy(sqlite, 'tasks_advisor_open_due')} WHERE advisor_id = ? AND status = 'open'`;
  const stmt = sqlite.prepare(sql).pluck();
  // Counted here rather than by GROUP BY, which sorts the rows first (the index is in due-date order):
  // 19k open tasks of one advisor on the 100k store, 33-52 ms -> 16-21 ms.
  const counts = new Map<string, number>();
  for (const id of (advisorId === null ? stmt.all() : stmt.all(advisorId)) as string[]) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}

/** Each customer's next occasion on or after `today` among the card reminders (the card horizon). */
export function nextOccasions(sqlite: BetterSqlite3.Database, advisorId: string | null, today: string): Map<string, { date: string; occasion: string; lunarLabel: string | null }> {
  const sql = `SELECT customer_id, min(occasion_date), occasion, lunar_label FROM card_reminders
    WHERE ${advisorId === null ? '' : 'advisor_id = @advisor AND '}status <> 'skipped' AND occasion_date >= @today GROUP BY customer_id`;
  const rows = sqlite.prepare(sql).raw().all(advisorId === null ? { today } : { advisor: advisorId, today }) as [string, string, string, string | null][];
  return new Map(rows.map(([id, date, occasion, lunarLabel]) => [id, { date, occasion, lunarLabel }]));
}

/** The live customers among `ids`, with their store and advisor (batch follow-ups check ownership with it). */
export function liveCustomerOwners(sqlite: BetterSqlite3.Database, ids: readonly string[]): { id: string; name: string; store_id: string; advisor_id: string | null }[] {
  return sqlite
    .prepare('SELECT id, name, store_id, advisor_id FROM customers WHERE id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL')
    .all(JSON.stringify(ids)) as { id: string; name: string; store_id: string; advisor_id: string | null }[];
}
