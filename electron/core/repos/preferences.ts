import type { PreferenceCategory } from '../../../shared/domain/types';
import type { DB } from '../db/open';

/** Preferences and suggestions (preferences table): who noted and changed what, soft-deleted. */

export interface PreferenceRow {
  id: string;
  customerId: string;
  storeId: string;
  category: string;
  value: string;
  suggestionStatus: 'open' | 'adopted' | 'declined' | null;
}

/** A live (not removed) preference, or undefined. */
export async function livePreference(db: DB, id: string): Promise<PreferenceRow | undefined> {
  const r = await db
    .selectFrom('preferences')
    .select(['id', 'customer_id', 'store_id', 'category', 'value', 'suggestion_status'])
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return r && { id: r.id, customerId: r.customer_id, storeId: r.store_id, category: r.category, value: r.value, suggestionStatus: r.suggestion_status };
}

export async function insertPreference(
  db: DB,
  p: { id: string; storeId: string; customerId: string; category: PreferenceCategory; value: string; staffId: string; at: string },
): Promise<void> {
  await db
    .insertInto('preferences')
    .values({
      id: p.id, store_id: p.storeId, customer_id: p.customerId, category: p.category, value: p.value,
      suggestion_status: p.category === 'suggestion' ? 'open' : null,
      noted_by: p.staffId, noted_at: p.at, updated_by: p.staffId, updated_at: p.at, deleted_at: null,
    })
    .execute();
}

/** Changes category and value; a suggestion keeps its status, a preference turned into a suggestion starts open. */
export async function updatePreference(db: DB, p: { id: string; category: PreferenceCategory; value: string; staffId: string; at: string; suggestionStatus: PreferenceRow['suggestionStatus'] }): Promise<void> {
  const status = p.category === 'suggestion' ? (p.suggestionStatus ?? 'open') : null;
  await db
    .updateTable('preferences')
    .set({ category: p.category, value: p.value, suggestion_status: status, updated_by: p.staffId, updated_at: p.at })
    .where('id', '=', p.id)
    .where('deleted_at', 'is', null)
    .execute();
}

export async function removePreference(db: DB, p: { id: string; staffId: string; at: string }): Promise<void> {
  await db.updateTable('preferences').set({ deleted_at: p.at, updated_by: p.staffId, updated_at: p.at }).where('id', '=', p.id).where('deleted_at', 'is', null).execute();
}

export async function setSuggestionStatus(db: DB, p: { id: string; status: 'adopted' | 'declined'; staffId: string; at: string }): Promise<number> {
  const r = await db
    .updateTable('preferences')
    .set({ suggestion_status: p.status, updated_by: p.staffId, updated_at: p.at })
    .where('id', '=', p.id)
    .where('deleted_at', 'is', null)
    .where('suggestion_status', '=', 'open')
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
