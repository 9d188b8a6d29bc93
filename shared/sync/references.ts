/**
 * The references between synced tables (the desk's foreign keys, all to an `id`): HQ's pull sends
 * a parent that would only come in a later page together with the rows that refer to it
 * (hq/repos/parents-ahead.ts). HQ orders rows by their LAST change, so a customer updated after its
 * vehicle was created comes after it; a desk applying a page checks references at the page's
 * commit. electron/core/sync/references.test.ts checks this list against the desk's schema.
 */
export const REFERENCES: Readonly<Record<string, readonly { column: string; table: string }[]>> = {
  staff: [{ column: 'store_id', table: 'stores' }],
  customers: [
    { column: 'referred_by_id', table: 'customers' },
    { column: 'advisor_id', table: 'staff' },
    { column: 'store_id', table: 'stores' },
  ],
  customer_channel_consents: [
    { column: 'recorded_by', table: 'staff' },
    { column: 'customer_id', table: 'customers' },
  ],
  family_members: [
    { column: 'customer_id', table: 'customers' },
    { column: 'linked_customer_id', table: 'customers' },
    { column: 'store_id', table: 'stores' },
  ],
  vehicles: [
    { column: 'customer_id', table: 'customers' },
    { column: 'store_id', table: 'stores' },
  ],
  visits: [
    { column: 'advisor_id', table: 'staff' },
    { column: 'vehicle_id', table: 'vehicles' },
    { column: 'customer_id', table: 'customers' },
    { column: 'store_id', table: 'stores' },
  ],
  preferences: [
    { column: 'updated_by', table: 'staff' },
    { column: 'noted_by', table: 'staff' },
    { column: 'customer_id', table: 'customers' },
    { column: 'store_id', table: 'stores' },
  ],
  surveys: [
    { column: 'recorded_by', table: 'staff' },
    { column: 'visit_id', table: 'visits' },
    { column: 'customer_id', table: 'customers' },
    { column: 'store_id', table: 'stores' },
  ],
  complaints: [
    { column: 'recorded_by', table: 'staff' },
    { column: 'customer_id', table: 'customers' },
    { column: 'store_id', table: 'stores' },
  ],
  points_ledger: [
    { column: 'created_by', table: 'staff' },
    { column: 'reverses_id', table: 'points_ledger' },
    { column: 'counterparty_id', table: 'customers' },
    { column: 'visit_id', table: 'visits' },
    { column: 'customer_id', table: 'customers' },
    { column: 'store_id', table: 'stores' },
  ],
  referrals: [
    { column: 'referred_customer_id', table: 'customers' },
    { column: 'referrer_customer_id', table: 'customers' },
    { column: 'store_id', table: 'stores' },
  ],
  tasks: [
    { column: 'completed_by', table: 'staff' },
    { column: 'advisor_id', table: 'staff' },
    { column: 'customer_id', table: 'customers' },
    { column: 'store_id', table: 'stores' },
  ],
  card_reminders: [
    { column: 'written_by', table: 'staff' },
    { column: 'updated_by', table: 'staff' },
    { column: 'advisor_id', table: 'staff' },
    { column: 'customer_id', table: 'customers' },
    { column: 'store_id', table: 'stores' },
  ],
  interactions: [
    { column: 'task_id', table: 'tasks' },
    { column: 'staff_id', table: 'staff' },
    { column: 'customer_id', table: 'customers' },
    { column: 'store_id', table: 'stores' },
  ],
  appointments: [
    { column: 'updated_by', table: 'staff' },
    { column: 'created_by', table: 'staff' },
    { column: 'vehicle_id', table: 'vehicles' },
    { column: 'customer_id', table: 'customers' },
    { column: 'store_id', table: 'stores' },
  ],
  customer_assignments: [
    { column: 'by_staff_id', table: 'staff' },
    { column: 'to_advisor_id', table: 'staff' },
    { column: 'from_advisor_id', table: 'staff' },
    { column: 'customer_id', table: 'customers' },
    { column: 'store_id', table: 'stores' },
  ],
  store_days: [
    { column: 'marked_by', table: 'staff' },
    { column: 'store_id', table: 'stores' },
  ],
  campaigns: [
    { column: 'created_by', table: 'staff' },
    { column: 'store_id', table: 'stores' },
  ],
  auto_messages: [
    { column: 'customer_id', table: 'customers' },
    { column: 'store_id', table: 'stores' },
  ],
};
