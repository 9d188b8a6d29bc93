import type { DB } from '../db/open';

/** A customer's live surveys (date, score 0-10), as the radar reads them. */
export async function surveysOf(db: DB, customerId: string): Promise<{ date: string; score0to10: number }[]> {
  const rows = await db.selectFrom('surveys').select(['surveyed_on', 'score']).where('customer_id', '=', customerId).where('deleted_at', 'is', null).execute();
  return rows.map((r) => ({ date: r.surveyed_on, score0to10: r.score }));
}

/** A satisfaction survey score (0-10) recorded by a staff member. */
export async function insertSurvey(
  db: DB,
  s: { id: string; storeId: string; customerId: string; surveyedOn: string; score: number; comment: string | null; staffId: string; at: string },
): Promise<void> {
  await db
    .insertInto('surveys')
    .values({
      id: s.id, store_id: s.storeId, customer_id: s.customerId, visit_id: null, surveyed_on: s.surveyedOn, score: s.score, comment: s.comment,
      recorded_by: s.staffId, created_at: s.at, updated_at: s.at, deleted_at: null,
    })
    .execute();
}
