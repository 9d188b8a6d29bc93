import type { ColumnType, Generated } from 'kysely';

/** Kysely's view of the HQ tables (hq/migrations). BIGINT columns may come back as string (pg) or number (PGlite): read them with Number(). */
type Big = ColumnType<number | string | bigint, number, number>;
type Json = ColumnType<unknown, string, string>;

export interface HqDatabase {
  hq_schema: { version: number; name: string; applied_at: string };
  hq_stores: { store_id: string; code: string; name: string; timezone: string; last_seq: Big; min_seq: Big; created_at: string };
  sync_rows: { store_id: string; tbl: string; pk: string; data: Json; seq: Big; deleted: boolean };
  sync_totals: { store_id: string; tbl: string; n: Big };
  visit_refs: { store_id: string; ro_number: string; visit_id: string };
  devices: {
    store_id: string;
    device_id: string;
    name: string;
    token_hash: string;
    created_at: string;
    revoked_at: string | null;
    last_mutation_id: Big;
    last_push_at: string | null;
    last_pull_at: string | null;
  };
  enrol_codes: { code_hash: string; store_id: string; created_at: string; expires_at: string; used_at: string | null; device_id: string | null };
  mutation_results: {
    store_id: string;
    device_id: string;
    mutation_id: Big;
    name: string;
    status: 'applied' | 'rejected';
    code: string | null;
    message: string | null;
    details: Json | null;
    at: string;
  };
  security_log: { store_id: string; id: Generated<Big>; at: string; device_id: string | null; kind: string; detail: Json };
  rules_config: { id: string; config: Json; updated_at: string };
  message_send_leases: { store_id: string; holder: string; until: string };
  message_attempts: { message_id: string; store_id: string; holder: string; at: string };
}
