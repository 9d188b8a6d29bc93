import type { DB } from '../db/open';

export interface AuditEntry {
  staffId: string | null;
  action: 'view' | 'create' | 'update' | 'delete' | 'complete' | 'sign_in' | 'sign_out' | 'load_demo' | 'export';
  entity: string;
  entityId?: string | null;
  detail?: unknown;
}

/** Who viewed and changed what: personal data is audited (PIPL). */
export async function audit(db: DB, entry: AuditEntry, at: string): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at,
      staff_id: entry.staffId,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId ?? null,
      detail: entry.detail === undefined ? null : JSON.stringify(entry.detail),
    })
    .execute();
}
