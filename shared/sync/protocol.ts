import { z } from 'zod';

/**
 * The desk <-> HQ sync protocol (docs/architecture.md "Sync with HQ"). Both sides parse every
 * message with these schemas; a peer announcing another SYNC_SCHEMA_VERSION gets 'update_needed'
 * and nothing is applied.
 *
 * Design: a mutation is what one person did at a desk (one mutate() transaction): its name and
 * args (for audit and support) and the ROW OPERATIONS it made. HQ applies the row operations with
 * the per-table policy of tables.ts (master data HQ-wins, editable fields last-writer-wins per
 * field in HQ arrival order, logs and ledger append-only, task/card status forward-only) plus the
 * business checks that need the whole store (a points balance never below zero); each mutation
 * is all or nothing (HQ commits one push's mutations in one transaction; a transient HQ error
 * answers 503 and applies none of that push, so the retry keeps the order). HQ records every
 * accepted row change in the store's change log with a per-store sequence number; a desk pulls
 * the log after its cursor.
 */
// 3: vehicles.first_delivery_date (desk migration 0023): desks that plan with it and desks that do not
// disagree on a corrected car's new-owner tasks, so both sides move to it together.
// 4: the rejection code stale_consent (an older desk would not parse it); customers.consent_recorded_by (desk migration 0028).
// 5: points_ledger.points_rate (desk migration 0029): HQ recounts a visit's spend at it when the dealer system corrects the amount;
//    the rejection codes slot_full and already_booked (a booking two desks made offline); the table auto_messages
//    (desk migration 0030); card_reminders.written_by (desk migration 0031).
// 6: stores.points_from (desk migration 0033): a store's points programme start, which desks and HQ count
//    mileage from and before which no visit earns; both sides move to it together.
export const SYNC_SCHEMA_VERSION = 6;

const tableName = z.string().min(1).max(64);
const rowKey = z.string().min(1).max(128);
const row = z.record(z.string(), z.unknown());

/**
 * One row change a desk made. Inserts carry the whole row; updates the changed fields, their
 * previous values (base) and the whole row after the change (row: HQ inserts it when it has never
 * seen the row, e.g. a planner task each desk creates itself and someone has now completed).
 * Deletes carry the whole row as it was before (row). The desk deletes rows of 'editable' tables
 * only, today one: customer_channel_consents (a channel set back to "follow the general consent"
 * has no row); HQ refuses a delete in any other policy (forbidden_table / invalid_row).
 */
export const rowOpSchema = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('insert'), table: tableName, pk: rowKey, row }),
  z.strictObject({ op: z.literal('update'), table: tableName, pk: rowKey, fields: row, base: row, row }),
  z.strictObject({ op: z.literal('delete'), table: tableName, pk: rowKey, row }),
]);
export type RowOp = z.infer<typeof rowOpSchema>;

/** The most row operations one mutation may carry: HQ refuses a push with a larger one as a whole. */
export const MUTATION_OPS_MAX = 5_000;

export const mutationSchema = z.strictObject({
  /** Increases by one per device (the desk's outbox mutation_id); HQ applies each id once. */
  id: z.number().int().positive(),
  name: z.string().min(1).max(80),
  args: z.record(z.string(), z.unknown()),
  ops: z.array(rowOpSchema).max(MUTATION_OPS_MAX),
  /** When the person did it at the desk (ISO UTC); informational only, never used to order writes. */
  at: z.string().max(40),
});
export type Mutation = z.infer<typeof mutationSchema>;

// ---------------------------------------------------------------- enrolment

/** POST /enrol: a one-time code from the HQ admin becomes this device's token. */
export const enrolRequestSchema = z.strictObject({
  code: z.string().trim().min(4).max(64),
  deviceName: z.string().trim().min(1).max(80),
  schemaVersion: z.number().int(),
  /**
   * A desk that enrols again (its token revoked or lost) names the device it was: the code must be of
   * that store (else refused and not used up), and the new device carries on its mutation count, so an
   * entry HQ applied under the old one (its answer lost) is not applied a second time.
   */
  replaces: z.strictObject({ storeId: z.string().min(1).max(64), deviceId: z.string().min(1).max(64) }).optional(),
});
export type EnrolRequest = z.infer<typeof enrolRequestSchema>;
export interface EnrolResponse {
  deviceId: string;
  /** Bearer token for every later request; HQ stores only its hash. Revocable by the admin. */
  token: string;
  store: { id: string; code: string; name: string; timezone: string };
}

// ---------------------------------------------------------------- push

/** POST /sync/push (Authorization: Bearer <token>). The store comes from the token, never from the body. */
export const pushRequestSchema = z.strictObject({
  deviceId: z.string().min(1).max(64),
  schemaVersion: z.number().int(),
  mutations: z.array(mutationSchema).max(500),
});
export type PushRequest = z.infer<typeof pushRequestSchema>;

/**
 * A retried mutation (id <= the device's lastMutationId) applies nothing and gets its ORIGINAL
 * outcome ('applied', or 'rejected' with its code and details); 'duplicate' only when HQ no longer
 * holds that outcome. Either way it is settled.
 */
export type MutationStatus = 'applied' | 'rejected' | 'duplicate';
/** Why HQ refused a mutation (it still counts as processed: the device must show it, never drop it silently). */
/** stale_consent: a consent choice older than the one HQ holds (another desk recorded a newer one). */
export const REJECTION_CODES = ['insufficient_balance', 'already_earned', 'forbidden_table', 'forbidden_field', 'out_of_scope', 'invalid_row', 'status_backwards', 'not_found', 'stale_consent', 'slot_full', 'already_booked'] as const;
export type RejectionCode = (typeof REJECTION_CODES)[number];

export interface MutationResult {
  id: number;
  status: MutationStatus;
  code?: RejectionCode;
  /** English, for support; the desk shows its own translation by code. */
  message?: string;
  /** e.g. { balance: 1200 } for insufficient_balance. */
  details?: Record<string, unknown>;
}
export interface PushResponse {
  /** The highest mutation id HQ has processed for this device (applied or rejected). */
  lastMutationId: number;
  results: MutationResult[];
}

// ---------------------------------------------------------------- pull

/** GET /sync/pull?cursor=N&limit=M. cursor 0 = from the beginning (initial sync). */
export const pullQuerySchema = z.strictObject({
  cursor: z.coerce.number().int().nonnegative(),
  limit: z.coerce.number().int().min(1).max(10_000).default(2_000),
  /** The desk's SYNC_SCHEMA_VERSION; when sent and different, HQ answers 409 update_needed. */
  schemaVersion: z.coerce.number().int().optional(),
  /**
   * '1': the desk checks references once, at the end of its initial sync (an empty desk's bulk
   * load), so HQ need not send ahead the parents a page refers to (hq/repos/parents-ahead.ts).
   */
  deferRefs: z.enum(['0', '1']).optional(),
  /**
   * Only changes with seq <= upTo: a slice of the log. Knowing the log's end (headSeq), a desk
   * loading its store asks for the next slices at once instead of waiting for each page's cursor.
   */
  upTo: z.coerce.number().int().nonnegative().optional(),
});

/**
 * The rules config HQ publishes (global scope) comes in pull as a Change on this pseudo-table
 * (not in SYNCED_TABLES; desks never push it): table 'rules_config', pk 'global',
 * row { id: 'global', config: RulesConfig (validate with parseRulesConfig), updated_at }.
 * Every store gets it in its initial sync and again whenever HQ publishes a new config.
 */
export const RULES_CONFIG_TABLE = 'rules_config';
export const RULES_CONFIG_PK = 'global';

/** One row as HQ holds it now (the whole row after the change), or its deletion. */
export interface Change {
  seq: number;
  table: string;
  pk: string;
  op: 'upsert' | 'delete';
  row: Record<string, unknown> | null;
}
export interface PullResponse {
  schemaVersion: number;
  changes: Change[];
  /** Apply `changes` and store this cursor in ONE local transaction. */
  cursor: number;
  hasMore: boolean;
  /** The store's last seq as HQ read it for this page (the end of the log then); absent from older HQs. */
  headSeq?: number;
  /** Highest mutation id of this device HQ has processed: outbox entries up to it are settled. */
  lastMutationId: number;
  /** Rejections of this device's mutations, so a lost push response cannot hide one. */
  rejections: MutationResult[];
  /** Rows in the store at HQ by table (for the mass-delete guard and the initial sync progress bar). */
  totals: Record<string, number>;
}

/** Error bodies of every HQ endpoint: { error: { code, message, field? } }. */
export const HQ_ERROR_CODES = ['validation', 'unauthorized', 'forbidden', 'update_needed', 'cursor_expired', 'internal'] as const;
export type HqErrorCode = (typeof HQ_ERROR_CODES)[number];
export interface HqError {
  error: { code: HqErrorCode; message: string; field?: string };
}
