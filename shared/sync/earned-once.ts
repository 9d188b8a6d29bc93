/**
 * Ledger entries a customer earns once per key: a visit's points and its mileage (per visit), a
 * referral's points (per person referred). Each desk has a partial unique index for each
 * (migrations 0006, 0019, 0020; electron/core/db/earned-once.test.ts checks they match), and
 * HQ refuses a second one from another desk (hq/sync/push.ts, `already_earned`).
 */
export const EARNED_ONCE = { earn_visit: 'visit_id', mileage: 'visit_id', referral: 'counterparty_id' } as const satisfies Record<string, 'visit_id' | 'counterparty_id'>;

export type EarnedOnceField = (typeof EARNED_ONCE)[keyof typeof EARNED_ONCE];

export function earnedOnceField(kind: unknown): EarnedOnceField | undefined {
  return typeof kind === 'string' && Object.hasOwn(EARNED_ONCE, kind) ? EARNED_ONCE[kind as keyof typeof EARNED_ONCE] : undefined;
}
