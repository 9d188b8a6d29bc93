import type { Generated } from 'kysely';
import type { ChurnReason } from '../../../shared/domain/tasks';

/** Kysely's view of migrations/*.sql. `db/schema.test.ts` checks it column by column against a migrated file. */

type Text = string;
type Nullable<T> = T | null;
type Flag = 0 | 1;

export interface StoresTable {
  id: Text; code: Text; name: Text; timezone: Text; address: Nullable<Text>; phone: Nullable<Text>;
  created_at: Text; updated_at: Text; deleted_at: Nullable<Text>;
  points_from: Nullable<Text>;
}
export interface StaffTable {
  id: Text; store_id: Text; name: Text; role: 'advisor' | 'manager'; phone: Nullable<Text>; active: Flag;
  created_at: Text; updated_at: Text; deleted_at: Nullable<Text>;
}
export interface CustomersTable {
  id: Text; store_id: Text; name: Text; name_pinyin: Text; name_initials: Text; gender: Nullable<'male' | 'female'>;
  phone: Text; phone2: Nullable<Text>;
  birthday_calendar: Nullable<'solar' | 'lunar'>; birth_date: Nullable<Text>;
  birthday_lunar_month: Nullable<number>; birthday_lunar_day: Nullable<number>; birthday_lunar_leap: Flag;
  wedding_date: Nullable<Text>; address: Nullable<Text>; city: Nullable<Text>; advisor_id: Nullable<Text>;
  member_since: Nullable<Text>; tier: 'normal' | 'silver' | 'gold' | 'diamond'; tier_since: Nullable<Text>;
  marketing_consent: Flag; consent_recorded_at: Nullable<Text>; do_not_contact: Flag;
  referred_by_id: Nullable<Text>; note: Nullable<Text>;
  created_at: Text; updated_at: Text; deleted_at: Nullable<Text>; consent_recorded_by: Nullable<Text>;
}
export interface CustomerChannelConsentsTable {
  customer_id: Text; channel: Text; allowed: Flag; recorded_by: Nullable<Text>; recorded_at: Text;
}
export interface FamilyMembersTable {
  id: Text; store_id: Text; customer_id: Text; relation: 'spouse' | 'child' | 'parent' | 'other'; name: Text;
  birthday_calendar: Nullable<'solar' | 'lunar'>; birth_date: Nullable<Text>;
  birthday_lunar_month: Nullable<number>; birthday_lunar_day: Nullable<number>; birthday_lunar_leap: Flag;
  note: Nullable<Text>; created_at: Text; updated_at: Text; deleted_at: Nullable<Text>;
  /** The store's customer this family member is, if one (migration 0024): points may go to them. */
  linked_customer_id: Nullable<Text>;
}
export interface VehiclesTable {
  id: Text; store_id: Text; customer_id: Text; plate: Text; vin: Text; brand: Text; model: Text; color: Nullable<Text>;
  is_new_energy: Flag; delivery_date: Text; purchase_amount_fen: Nullable<number>; mileage_km: Nullable<number>;
  mileage_recorded_on: Nullable<Text>; created_at: Text; updated_at: Text; deleted_at: Nullable<Text>;
  /** The delivery date first imported, when HQ corrected it later (migration 0023); null otherwise. */
  first_delivery_date: Nullable<Text>;
}
export interface VisitsTable {
  id: Text; store_id: Text; customer_id: Text; vehicle_id: Nullable<Text>; visit_date: Text; type: Text;
  amount_fen: number; mileage_km: Nullable<number>; advisor_id: Nullable<Text>; note: Nullable<Text>;
  created_at: Text; updated_at: Text; deleted_at: Nullable<Text>;
}
export interface PreferencesTable {
  id: Text; store_id: Text; customer_id: Text; category: Text; value: Text;
  suggestion_status: Nullable<'open' | 'adopted' | 'declined'>; noted_by: Nullable<Text>; noted_at: Text;
  updated_by: Nullable<Text>; updated_at: Text; deleted_at: Nullable<Text>;
}
export interface SurveysTable {
  id: Text; store_id: Text; customer_id: Text; visit_id: Nullable<Text>; surveyed_on: Text; score: number;
  comment: Nullable<Text>; recorded_by: Nullable<Text>; created_at: Text; updated_at: Text; deleted_at: Nullable<Text>;
}
export interface ComplaintsTable {
  id: Text; store_id: Text; customer_id: Text; opened_on: Text; resolved_on: Nullable<Text>; summary: Text;
  resolution: Nullable<Text>; recorded_by: Nullable<Text>; created_at: Text; updated_at: Text; deleted_at: Nullable<Text>;
}
export interface PointsLedgerTable {
  id: Text; store_id: Text; customer_id: Text; entry_date: Text; kind: Text; points: number;
  visit_id: Nullable<Text>; counterparty_id: Nullable<Text>; reverses_id: Nullable<Text>; note: Nullable<Text>;
  created_by: Nullable<Text>; created_at: Text; points_rate: Nullable<number>;
}
export interface ReferralsTable {
  id: Text; store_id: Text; referrer_customer_id: Text; referred_customer_id: Nullable<Text>; referred_name: Nullable<Text>;
  referred_on: Text; status: 'pending' | 'success' | 'lost'; created_at: Text; updated_at: Text; deleted_at: Nullable<Text>;
}
export interface TasksTable {
  id: Text; store_id: Text; customer_id: Text; advisor_id: Nullable<Text>; rule: Text; occurrence: Text; kind: Text;
  channel: Nullable<Text>; due_date: Text; status: 'open' | 'done' | 'skipped' | 'void'; reason: Text;
  outcome: Nullable<Text>; skip_reason: Nullable<Text>; snoozed_until: Nullable<Text>; completed_at: Nullable<Text>;
  completed_by: Nullable<Text>; created_at: Text; updated_at: Text;
  /** 1 after a manager moved this one task (migration 0012): the planner leaves its advisor alone. */
  advisor_pinned: Generated<number>;
}
export interface CardRemindersTable {
  id: Text; store_id: Text; customer_id: Text; advisor_id: Nullable<Text>; occasion: Text; subject_id: Nullable<Text>;
  occasion_date: Text; lunar_label: Nullable<Text>; due_date: Text;
  status: 'to_write' | 'written' | 'mailed' | 'handed_over' | 'skipped'; skip_reason: Nullable<Text>;
  written_at: Nullable<Text>; sent_at: Nullable<Text>; updated_by: Nullable<Text>; created_at: Text; updated_at: Text;
  written_by: Nullable<Text>;
}
export interface InteractionsTable {
  id: Text; store_id: Text; customer_id: Text; staff_id: Nullable<Text>; channel: Text; outcome: Text;
  note: Nullable<Text>; next_step: Nullable<Text>; next_date: Nullable<Text>; task_id: Nullable<Text>;
  occurred_at: Text; created_at: Text; purpose: Generated<'care' | 'service' | 'inbound'>;
  /** Why a customer stopped coming, as the win-back visit heard it (migration 0025); null on other contacts. */
  churn_reason: Nullable<ChurnReason>;
}
export interface AuditLogTable {
  seq: Generated<number>; at: Text; staff_id: Nullable<Text>; action: Text; entity: Text; entity_id: Nullable<Text>;
  detail: Nullable<Text>;
}
export interface SearchKeysTable {
  kind: number; key: Text; customer_id: Text;
}
export interface OutboxTable {
  mutation_id: Generated<number>; name: Text; args: Text; created_at: Text; pushed_at: Nullable<Text>;
  settled_at: Nullable<Text>; result: Nullable<'applied' | 'rejected'>;
  /** JSON RowOp[] (shared/sync/protocol.ts) the mutation made to synced tables (migration 0008). */
  ops: Generated<Text>;
}
export interface SyncCursorsTable {
  scope: Text; cursor: Text; updated_at: Text;
}
export interface SyncRejectionsTable {
  id: Text; mutation_id: number; name: Text; args: Text; code: Text; message: Text; received_at: Text;
  resolved_at: Nullable<Text>; details: Nullable<Text>;
}
/** Outbox row-operation capture (migration 0008): a row while mutate() captures, and what the triggers copied. */
export interface SyncCaptureSwitchTable {
  id: number;
}
export interface SyncCaptureTable {
  seq: Generated<number>; tbl: Text; op: 'insert' | 'update' | 'delete'; old: Nullable<Text>; new: Nullable<Text>;
}
/** Planner changes to rows HQ holds (migration 0014, sync/planner-align.ts). */
export interface SyncHeldTable { tbl: Text; pk: Text }
export interface SyncAlignCaptureTable { seq: Generated<number>; tbl: Text; op: 'update'; old: Nullable<Text>; new: Nullable<Text> }
export interface SettingsTable {
  key: Text; value: Text;
}
/** Planner bookkeeping (migration 0004): when each customer must be planned again. */
export interface PlannerWakeTable {
  customer_id: Text; wake_on: Text;
  /** The planning facts kept between runs (migration 0016, repos/planner-inputs-cached.ts). */
  facts: Nullable<Text>; facts_key: Nullable<Text>; facts_on: Nullable<Text>; facts_until: Nullable<Text>;
  /** The digest of the tasks last written for the customer (migration 0016, planner/task-digest.ts). */
  tasks_digest: Nullable<Text>;
}

export interface Database {
  stores: StoresTable;
  staff: StaffTable;
  customers: CustomersTable;
  customer_channel_consents: CustomerChannelConsentsTable;
  family_members: FamilyMembersTable;
  vehicles: VehiclesTable;
  visits: VisitsTable;
  preferences: PreferencesTable;
  surveys: SurveysTable;
  complaints: ComplaintsTable;
  points_ledger: PointsLedgerTable;
  referrals: ReferralsTable;
  tasks: TasksTable;
  card_reminders: CardRemindersTable;
  interactions: InteractionsTable;
  audit_log: AuditLogTable;
  search_keys: SearchKeysTable;
  outbox: OutboxTable;
  sync_cursors: SyncCursorsTable;
  sync_rejections: SyncRejectionsTable;
  sync_capture_switch: SyncCaptureSwitchTable;
  sync_capture: SyncCaptureTable;
  sync_held: SyncHeldTable; sync_align_switch: SyncCaptureSwitchTable; sync_align_capture: SyncAlignCaptureTable;
  settings: SettingsTable;
  planner_wake: PlannerWakeTable;
  appointments: AppointmentsTable;
  customer_status: CustomerStatusTable; customer_status_dirty: CustomerStatusDirtyTable;
  customer_assignments: CustomerAssignmentsTable; campaigns: CampaignsTable; tier_changes: TierChangesTable; store_days: StoreDaysTable; auto_messages: AutoMessagesTable;
  metric_agg_state: MetricAggStateTable; metric_agg_facts: MetricAggFactsTable; metric_agg_dirty: MetricAggDirtyTable; metric_agg_days: MetricAggDaysTable;
}
/** Automatic messages HQ planned and sent (migration 0030): pulled, never written here. */
export interface AutoMessagesTable {
  id: Text; store_id: Text; customer_id: Text; rule: Text; occurrence: Text; channel: Text; due_date: Text; status: Text;
  sent_at: Nullable<Text>; error: Nullable<Text>; created_at: Text; updated_at: Text;
}
/** Today/My customers (migration 0005): per-customer radar facts, and who changed since. */
export interface CustomerStatusTable {
  advisor_id: Text; customer_id: Text; name: Text; plate: Nullable<Text>; tier: Text; last_visit_on: Nullable<Text>; last_purchase_on: Nullable<Text>;
  first_delivery_on: Nullable<Text>; survey_score: Nullable<number>; surveyed_on: Nullable<Text>; complaints: Nullable<Text>;
  flag: 'red' | 'yellow' | 'green'; reasons: Text; risk_rank: number; refreshed_on: Text;
}
export interface CustomerStatusDirtyTable { customer_id: Text }
/** Service appointments (migration 0006). */
export interface AppointmentsTable {
  id: Text; store_id: Text; customer_id: Text; vehicle_id: Nullable<Text>; slot_date: Text; slot_time: Text; reserved: Flag;
  status: 'booked' | 'arrived' | 'cancelled'; note: Nullable<Text>; created_by: Nullable<Text>; created_at: Text;
  updated_by: Nullable<Text>; updated_at: Text;
}
/** Store manager (migration 0009): reassignment history, campaigns, tier movement, metrics cache. */
export interface CustomerAssignmentsTable {
  id: Text; store_id: Text; customer_id: Text; from_advisor_id: Nullable<Text>; to_advisor_id: Text; reason: Text; by_staff_id: Nullable<Text>; at: Text;
}
export interface CampaignsTable {
  id: Text; store_id: Text; kind: 'offer' | 'campaign'; name: Text; benefit: Text; audience: 'everyone' | 'new_customers' | 'existing_customers' | 'tiers';
  tiers: Text; starts_on: Text; ends_on: Text; loyal_warning_acknowledged: Flag; created_by: Nullable<Text>; created_at: Text; updated_at: Text; deleted_at: Nullable<Text>;
}
/** A day someone marked for the store (migration 0021): rainy, so umbrellas for the day's visitors. */
export interface StoreDaysTable { store_id: Text; date: Text; rainy: Flag; marked_by: Nullable<Text>; created_at: Text; updated_at: Text }
export interface TierChangesTable { seq: Generated<number>; customer_id: Text; from_tier: Nullable<Text>; to_tier: Text; changed_on: Text }
/** Store metrics as prefix sums (migration 0013, repos/metric-aggregates.ts). */
export interface MetricAggStateTable { id: number; rules: Text; cursor: Nullable<Text> }
export interface MetricAggFactsTable { customer_id: Text; facts: Text; since: Nullable<number> }
export interface MetricAggDirtyTable { customer_id: Text }
export interface MetricAggDaysTable {
  day: number; short_cohort: number; short_retained: number; medium_cohort: number; medium_retained: number; year_cohort: number; year_retained: number; trailing_visits: number; spend_customers: number; spend_of_them: number; active: number; silent: number; churn_risk: number; prev_buyers: number; churned: number; buyers: number; repeat_buyers: number; retained_spend_now: number; retained_buys_now: number; retained_spend_prev: number; retained_buys_prev: number; promoters: number; detractors: number; surveys: number; customers: number;
}
