import { sql } from 'kysely';
import { nextBirthday } from '../../../shared/domain/calendar/occasions';
import type { FamilyMember } from '../../../shared/domain/customer360';
import { reverseRelation, type FamilyRelation, type LinkedFamily } from '../../../shared/domain/family';
import type { Birthday, IsoDate } from '../../../shared/domain/types';
import type BetterSqlite3 from 'better-sqlite3';
import type { DB } from '../db/open';
import { birthdayOf as birthdayFromColumns } from './planner-inputs-types';

type BirthdayColumns = {
  birthday_calendar: 'solar' | 'lunar' | null;
  birth_date: string | null;
  birthday_lunar_month: number | null;
  birthday_lunar_day: number | null;
  birthday_lunar_leap: 0 | 1;
};

/** A birthday as the columns keep it (customers and family_members share them). */
export function birthdayOf(c: BirthdayColumns): Birthday | null {
  return birthdayFromColumns(c.birthday_calendar, c.birth_date, c.birthday_lunar_month, c.birthday_lunar_day, c.birthday_lunar_leap);
}

/** The next birthday on or after today, solar date and lunar label; null without a birthday (or one the calendar cannot place). */
export function occurrenceOf(birthday: Birthday | null, today: IsoDate): FamilyMember['nextBirthday'] {
  if (!birthday) return null;
  try {
    const next = nextBirthday(birthday, today);
    return { date: next.date, lunarLabel: next.lunarLabel, age: next.nth };
  } catch {
    return null;
  }
}

const familyStatements = new WeakMap<BetterSqlite3.Database, BetterSqlite3.Statement>();

/** A customer's family (spouse, children, parents) with their next birthdays, spouse first, then by name. */
export function listFamily(sqlite: BetterSqlite3.Database, customerId: string, today: IsoDate): FamilyMember[] {
  let st = familyStatements.get(sqlite);
  if (!st) {
    st = sqlite.prepare(
      `SELECT id, relation, name, birthday_calendar, birth_date, birthday_lunar_month, birthday_lunar_day, birthday_lunar_leap, note
       FROM family_members WHERE customer_id = ? AND deleted_at IS NULL`,
    );
    familyStatements.set(sqlite, st);
  }
  const rows = st.all(customerId) as (BirthdayColumns & { id: string; relation: FamilyMember['relation']; name: string; note: string | null })[];
  const order = { spouse: 0, parent: 1, child: 2, other: 3 } as const;
  rows.sort((a, b) => order[a.relation] - order[b.relation] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return rows.map((r) => {
    const birthday = birthdayOf(r);
    return { id: r.id, relation: r.relation, name: r.name, birthday, nextBirthday: occurrenceOf(birthday, today), note: r.note };
  });
}

const linkedStatements = new WeakMap<BetterSqlite3.Database, BetterSqlite3.Statement>();

/** The store's customers linked as family of this one, either way round, relation as seen from it; spouse first, then by name. */
export function linkedFamily(sqlite: BetterSqlite3.Database, customerId: string): LinkedFamily[] {
  let st = linkedStatements.get(sqlite);
  if (!st) {
    st = sqlite.prepare(
      `SELECT c.id, c.name, c.phone, f.relation, 0 FROM family_members f JOIN customers c ON c.id = f.linked_customer_id
        WHERE f.customer_id = @id AND f.deleted_at IS NULL AND c.deleted_at IS NULL
       UNION ALL
       SELECT c.id, c.name, c.phone, f.relation, 1 FROM family_members f JOIN customers c ON c.id = f.customer_id
        WHERE f.linked_customer_id = @id AND f.deleted_at IS NULL AND c.deleted_at IS NULL`,
    ).raw();
    linkedStatements.set(sqlite, st);
  }
  const out = new Map<string, LinkedFamily>();
  for (const [id, name, phone, relation, reversed] of st.all({ id: customerId }) as [string, string, string, FamilyRelation, 0 | 1][]) {
    if (id !== customerId && !out.has(id)) out.set(id, { customerId: id, name, phone, relation: reversed ? reverseRelation(relation) : relation });
  }
  const order = { spouse: 0, parent: 1, child: 2, other: 3 } as const;
  return [...out.values()].sort((a, b) => order[a.relation] - order[b.relation] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Whether two customers are linked as family, either way round. */
export async function areFamily(db: DB, a: string, b: string): Promise<boolean> {
  const row = await db
    .selectFrom('family_members')
    .select('id')
    .where('deleted_at', 'is', null)
    .where((w) => w.or([w.and([w('customer_id', '=', a), w('linked_customer_id', '=', b)]), w.and([w('customer_id', '=', b), w('linked_customer_id', '=', a)])]))
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Links `member` as family of `customerId` (the caller found no link): the customer's family member
 * of that name not linked yet if there is one (on file before they became a customer; one of the
 * relation named first), else a new family member.
 */
export async function linkFamily(
  db: DB,
  f: { customerId: string; storeId: string; member: { id: string; name: string }; relation: FamilyRelation; newId: string; at: string },
): Promise<void> {
  const known = await db
    .selectFrom('family_members')
    .select('id')
    .where('customer_id', '=', f.customerId)
    .where('name', '=', f.member.name)
    .where('linked_customer_id', 'is', null)
    .where('deleted_at', 'is', null)
    .orderBy(sql`relation = ${f.relation}`, 'desc')
    .orderBy('id')
    .executeTakeFirst();
  if (known) {
    await db.updateTable('family_members').set({ linked_customer_id: f.member.id, updated_at: f.at }).where('id', '=', known.id).execute();
    return;
  }
  await db
    .insertInto('family_members')
    .values({
      id: f.newId, store_id: f.storeId, customer_id: f.customerId, relation: f.relation, name: f.member.name, birthday_calendar: null, birth_date: null,
      birthday_lunar_month: null, birthday_lunar_day: null, birthday_lunar_leap: 0, note: null, created_at: f.at, updated_at: f.at, deleted_at: null,
      linked_customer_id: f.member.id,
    })
    .execute();
}
