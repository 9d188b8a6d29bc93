/**
 * Ledger entries earned once per key: a visit's points and its mileage (once per visit, whoever
 * holds the visit now), a referral's points (once per customer and person referred). The key is
 * the columns of the desk's partial unique index for that kind (migrations 0006, 0019, 0020;
 * electron/core/db/earned-once.test.ts checks they are the same), and HQ refuses an entry whose
 * key it has already (hq/sync/push.ts, `already_earned`): a second one accepted would fail the
 * pulls of every desk that holds the first, on that index, for good.
 */
export const EARNED_ONCE = {
  earn_visit: ['visit_id'],
  mileage: ['visit_id'],
  referral: ['customer_id', 'counterparty_id'],
} as const satisfies Record<string, readonly EarnedOnceColumn[]>;

export type EarnedOnceColumn = 'customer_id' | 'visit_id' | 'counterparty_id';

/** The columns an entry of this kind is earned once per; undefined for kinds earned any number of times. */
export function earnedOnceKey(kind: unknown): readonly EarnedOnceColumn[] | undefined {
  return typeof kind === 'string' && Object.hasOwn(EARNED_ONCE, kind) ? EARNED_ONCE[kind as keyof typeof EARNED_ONCE] : undefined;
}
