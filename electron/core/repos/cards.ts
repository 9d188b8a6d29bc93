import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { cardDelivery, cardPrompts, lunarOf, type CardItem, type CardStatus, type FamilyPrompt, type PromptInputs } from '../../../shared/domain/cards';
import { NO_CONSENT, type ConsentState } from '../../../shared/domain/consent';
import type { OccasionKind } from '../../../shared/domain/calendar/occasions';
import type { RulesConfig } from '../../../shared/domain/rules/config';
import type { Tier } from '../../../shared/domain/types';
import type { Database } from '../db/schema';
import { cachedStatement } from './statements';

type Db = Kysely<Database>;

export interface CardFilter {
  advisorId?: string;
  customerIds?: readonly string[];
  from?: string;
  to: string;
  statuses: readonly CardStatus[] | null;
  /** With every status: the cards no longer open only from this day on (history within a window; open ones whenever due). */
  historyFrom?: string;
  limit: number;
}

/** A card reminder row with what the queue shows of its customer, advisor and subject. */
export interface CardRow {
  id: string;
  customer_id: string;
  customerName: string;
  tier: Tier;
  advisor_id: string | null;
  advisorName: string | null;
  occasion: string;
  subject_id: string | null;
  familyName: string | null;
  subjectPlate: string | null;
  subjectModel: string | null;
  occasion_date: string;
  lunar_label: string | null;
  due_date: string;
  status: CardStatus;
  skip_reason: string | null;
  written_at: string | null;
  sent_at: string | null;
  address: string | null;
  city: string | null;
}

// The queue is read on prepared statements kept per connection (a week of cards can be
// thousands of rows with their customers' facts): synchronous, no query builder per row.
const CARD_COLUMNS = `r.id, r.customer_id, c.name AS customerName, c.tier, r.advisor_id, s.name AS advisorName, r.occasion, r.subject_id,
    f.name AS familyName, v.plate AS subjectPlate, v.model AS subjectModel, r.occasion_date, r.lunar_label, r.due_date, r.status,
    r.skip_reason, r.written_at, r.sent_at, c.address, c.city`;
const CARD_JOINS = `JOIN customers c ON c.id = r.customer_id
  LEFT JOIN staff s ON s.id = r.advisor_id
  LEFT JOIN family_members f ON f.id = r.subject_id
  LEFT JOIN vehicles v ON v.id = r.subject_id`;
const SELECT_CARD = `SELECT ${CARD_COLUMNS} FROM card_reminders r ${CARD_JOINS} WHERE c.deleted_at IS NULL`;


function cardWhere(f: CardFilter): string {
  const where: string[] = ['r.due_date <= @to'];
  if (f.from) where.push('r.due_date >= @from');
  if (f.advisorId) where.push('r.advisor_id = @advisorId');
  if (f.customerIds) where.push('r.customer_id IN (SELECT value FROM json_each(@customerIds))');
  if (f.statuses) where.push(`r.status IN (${f.statuses.map((x) => `'${x}'`).join(', ')})`); // from a fixed list, never user text
  if (f.historyFrom) where.push("(r.status IN ('to_write', 'written') OR r.due_date >= @historyFrom)");
  return where.join(' AND ');
}
const params = (f: CardFilter) => ({ to: f.to, from: f.from ?? null, advisorId: f.advisorId ?? null, customerIds: f.customerIds ? JSON.stringify(f.customerIds) : null, historyFrom: f.historyFrom ?? null });

/**
 * Cards due by `to` (from `from`), earliest due first: overdue cards lead. One more than `limit`
 * tells it was cut. The page is chosen on the card index alone (a week can hold thousands of
 * cards), then only its rows are joined with their customers.
 */
export function listCards(sqlite: BetterSqlite3.Database, f: CardFilter): CardRow[] {
  const page = `SELECT r.id FROM card_reminders r WHERE ${cardWhere(f)}
      AND r.customer_id NOT IN (SELECT id FROM customers WHERE deleted_at IS NOT NULL)
    ORDER BY r.due_date, r.occasion_date, r.id LIMIT @limit`;
  const sql = `SELECT ${CARD_COLUMNS} FROM (${page}) p CROSS JOIN card_reminders r ON r.id = p.id ${CARD_JOINS} ORDER BY r.due_date, r.occasion_date, r.id`;
  return cachedStatement(sqlite, sql).all({ ...params(f), limit: f.limit + 1 }) as CardRow[];
}

/** How many cards the filter matches in all (from the advisor/status/due index). */
export function countCards(sqlite: BetterSqlite3.Database, f: CardFilter): number {
  const sql = `SELECT count(*) FROM card_reminders r WHERE ${cardWhere(f)} AND r.customer_id NOT IN (SELECT id FROM customers WHERE deleted_at IS NOT NULL)`;
  return cachedStatement(sqlite, sql).pluck().get(params(f)) as number;
}

export function cardRow(sqlite: BetterSqlite3.Database, id: string): CardRow | undefined {
  return cachedStatement(sqlite, `${SELECT_CARD} AND r.id = ?`).get(id) as CardRow | undefined;
}

const IDS = 'SELECT value FROM json_each(?)';

/** What to mention, per customer: vehicles, visits (for readings and recent services), preferences, family. */
export function promptInputs(sqlite: BetterSqlite3.Database, customerIds: readonly string[]): Map<string, PromptInputs> {
  const out = new Map<string, PromptInputs>();
  const ids = [...new Set(customerIds)];
  if (ids.length === 0) return out;
  for (const id of ids) out.set(id, { vehicles: [], visits: [], preferences: [], family: [] });
  const json = JSON.stringify(ids);
  type V = [string, string, string, string, string, string, number | null];
  for (const [customerId, id, plate, brand, model, deliveryDate, mileageKm] of cachedStatement(
    sqlite,
    `SELECT customer_id, id, plate, brand, model, delivery_date, mileage_km FROM vehicles WHERE customer_id IN (${IDS}) AND deleted_at IS NULL ORDER BY customer_id, delivery_date, id`,
  ).raw().all(json) as V[]) {
    out.get(customerId)?.vehicles.push({ id, plate, brand, model, deliveryDate, mileageKm });
  }
  type Vi = [string, string, string | null, string, number, number | null, string, string | null];
  for (const [customerId, id, vehicleId, date, amountFen, mileageKm, type, plate] of cachedStatement(
    sqlite,
    `SELECT v.customer_id, v.id, v.vehicle_id, v.visit_date, v.amount_fen, v.mileage_km, v.type, vh.plate
     FROM visits v LEFT JOIN vehicles vh ON vh.id = v.vehicle_id WHERE v.customer_id IN (${IDS}) AND v.deleted_at IS NULL`,
  ).raw().all(json) as Vi[]) {
    out.get(customerId)?.visits.push({ id, vehicleId, date, amountFen, mileageKm, type, plate });
  }
  for (const [customerId, category, value] of cachedStatement(
    sqlite,
    `SELECT customer_id, category, value FROM preferences WHERE customer_id IN (${IDS}) AND deleted_at IS NULL ORDER BY customer_id, noted_at DESC`,
  ).raw().all(json) as [string, string, string][]) {
    out.get(customerId)?.preferences.push({ category, value });
  }
  for (const [customerId, relation, name, note] of cachedStatement(
    sqlite,
    `SELECT customer_id, relation, name, note FROM family_members WHERE customer_id IN (${IDS}) AND deleted_at IS NULL ORDER BY customer_id, created_at`,
  ).raw().all(json) as [string, FamilyPrompt['relation'], string, string | null][]) {
    out.get(customerId)?.family.push({ relation, name, note });
  }
  return out;
}

export function toCardItem(r: CardRow, inputs: PromptInputs | undefined, consent: ConsentState | undefined, asOf: string, rules: RulesConfig): CardItem {
  const occasion = r.occasion as OccasionKind;
  const subjectName = occasion === 'child_birthday' ? r.familyName : occasion === 'purchase_anniversary' && r.subjectPlate ? `${r.subjectPlate} ${r.subjectModel ?? ''}`.trim() : null;
  return {
    id: r.id,
    customerId: r.customer_id,
    customerName: r.customerName,
    tier: r.tier,
    advisorId: r.advisor_id,
    advisorName: r.advisorName,
    occasion,
    subjectName,
    occasionDate: r.occasion_date,
    lunarLabel: lunarOf(r.occasion_date, r.lunar_label),
    keptLunar: r.lunar_label !== null,
    dueDate: r.due_date,
    status: r.status,
    skipReason: r.skip_reason,
    writtenAt: r.written_at,
    sentAt: r.sent_at,
    address: r.address,
    city: r.city,
    prompts: cardPrompts(inputs ?? { vehicles: [], visits: [], preferences: [], family: [] }, asOf, r.occasion_date, rules),
    delivery: cardDelivery(consent ?? NO_CONSENT, r.address),
  };
}

export async function updateCardStatus(
  db: Db,
  u: { id: string; from: CardStatus; to: CardStatus; reason: string | null; staffId: string; at: string },
): Promise<number> {
  const set =
    u.to === 'written'
      ? { status: u.to, written_at: u.at, written_by: u.staffId }
      : u.to === 'skipped'
        ? { status: u.to, skip_reason: u.reason }
        : { status: u.to, sent_at: u.at };
  const r = await db
    .updateTable('card_reminders')
    .set({ ...set, updated_by: u.staffId, updated_at: u.at })
    .where('id', '=', u.id)
    .where('status', '=', u.from) // only from the state the decision was made on
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
