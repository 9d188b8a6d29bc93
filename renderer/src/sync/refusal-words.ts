import type { SyncStatus } from '../../../shared/api/areas/sync';

type T = (key: string, o?: Record<string, unknown>) => string;

/** A mass-delete refusal's figures for a sentence, with the table as people call it. */
export function refusalWords(refusal: NonNullable<SyncStatus['refusal']>, t: T): Record<string, unknown> {
  return { ...refusal, table: t(`sync.tableName.${refusal.table}`, { defaultValue: refusal.table }) };
}
