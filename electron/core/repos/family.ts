import { nextBirthday } from '../../../shared/domain/calendar/occasions';
import type { FamilyMember } from '../../../shared/domain/customer360';
import type { Birthday, IsoDate } from '../../../shared/domain/types';
import type BetterSqlite3 from 'better-sqlite3';
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
