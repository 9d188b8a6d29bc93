import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type OpenedDatabase } from '../db/open';
import { tempDbFile } from '../testing/fixture';
import { cardsToWrite, weekOccasions } from './today-cards';

const AT = '2026-12-01T08:00:00.000Z';

describe("Today's capped card lists", () => {
  let tmp: ReturnType<typeof tempDbFile>;
  let opened: OpenedDatabase;
  const ids = Array.from({ length: 12 }, (_, i) => `card-${String(i).padStart(2, '0')}`);
  beforeEach(() => {
    tmp = tempDbFile();
    opened = openDatabase(tmp.file);
    const s = opened.sqlite;
    s.prepare('INSERT INTO stores (id, code, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run('store', 'S1', 'Store', AT, AT);
    s.prepare("INSERT INTO staff (id, store_id, name, role, created_at, updated_at) VALUES ('adv', 'store', 'Advisor', 'advisor', ?, ?)").run(AT, AT);
    // Inserted in the reverse of id order, so that the table's own order is not the answer.
    for (const id of [...ids].reverse()) {
      s.prepare("INSERT INTO customers (id, store_id, name, phone, advisor_id, created_at, updated_at) VALUES (?, 'store', ?, '13800000000', 'adv', ?, ?)").run(`c-${id}`, id, AT, AT);
      s.prepare(
        `INSERT INTO card_reminders (id, store_id, customer_id, advisor_id, occasion, occasion_date, due_date, created_at, updated_at)
         VALUES (?, 'store', ?, 'adv', 'birthday', '2026-12-05', '2026-11-28', ?, ?)`,
      ).run(id, `c-${id}`, AT, AT);
    }
  });
  afterEach(async () => {
    await opened.close();
    tmp.cleanup();
  });

  it('keep the same cards on every desk when more share a date than are shown: the first by id', () => {
    const week = weekOccasions(opened.sqlite, 'adv', '2026-12-03', '2026-12-09', 5);
    expect(week.count).toBe(12);
    expect(week.rows.map((r) => r[0])).toEqual(ids.slice(0, 5));
    const toWrite = cardsToWrite(opened.sqlite, 'adv', '2026-12-03', '2026-12-09', 5);
    expect(toWrite.count).toBe(12);
    expect(toWrite.rows.map((r) => r[0])).toEqual(ids.slice(0, 5));
  });

  it("list the week's occasion whose card a person chose not to write (a call instead); not one the planner lapsed", () => {
    const s = opened.sqlite;
    s.prepare("UPDATE card_reminders SET status = 'skipped', skip_reason = '改为电话问候' WHERE id = 'card-00'").run();
    s.prepare("UPDATE card_reminders SET status = 'skipped', skip_reason = 'lapsed' WHERE id = 'card-01'").run();
    const week = weekOccasions(s, 'adv', '2026-12-03', '2026-12-09', 20);
    expect(week.count).toBe(11);
    expect(week.rows.map((r) => [r[0], r[6]])).toContainEqual(['card-00', 'skipped']);
    expect(week.rows.map((r) => r[0])).not.toContain('card-01');
  });
});
