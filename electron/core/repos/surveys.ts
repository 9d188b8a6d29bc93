import type { DB } from '../db/open';

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
