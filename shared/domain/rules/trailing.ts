import type { IsoDate } from '../types';
import type { RulesConfig } from './config';
import { addDays } from './days';
import type { CustomerFacts } from './facts';

export interface Activity {
  /** Sum of amounts (fen) of visits in the trailing window. */
  spendFen: number;
  /** Visits (paid or free) in the trailing window. */
  visits: number;
  /** Earliest purchase on or before today, or null. */
  firstPurchase: IsoDate | null;
  /**
   * Latest purchase on or before today; with none, the delivery date of the first vehicle
   * ("a new owner is not at risk"); null when there is neither.
   */
  lastPurchase: IsoDate | null;
  /** Where lastPurchase comes from. */
  lastPurchaseBasis: 'purchase' | 'delivery' | null;
}

/**
 * The trailing window: the `rules.trailingDays` (365) days ending today, i.e. dates
 * after today - 365, up to and including today. Returns the first date inside it.
 */
export function trailingStart(today: IsoDate, rules: Pick<RulesConfig, 'trailingDays'>): IsoDate {
  return addDays(today, -rules.trailingDays + 1);
}

/** Trailing-12-month activity and first/last purchase, per DOMAIN.md "Definitions". */
export function trailingActivity(
  facts: Pick<CustomerFacts, 'visits' | 'deliveryDates'>,
  today: IsoDate,
  rules: Pick<RulesConfig, 'trailingDays'>,
): Activity {
  const start = trailingStart(today, rules);
  let spendFen = 0;
  let visits = 0;
  let firstPurchase: IsoDate | null = null;
  let lastPurchase: IsoDate | null = null;
  for (const v of facts.visits) {
    if (v.date > today) continue;
    if (v.date >= start) {
      spendFen += v.amountFen;
      visits += 1;
    }
    if (v.amountFen > 0) {
      if (firstPurchase === null || v.date < firstPurchase) firstPurchase = v.date;
      if (lastPurchase === null || v.date > lastPurchase) lastPurchase = v.date;
    }
  }
  if (lastPurchase !== null) return { spendFen, visits, firstPurchase, lastPurchase, lastPurchaseBasis: 'purchase' };
  let firstDelivery: IsoDate | null = null;
  for (const d of facts.deliveryDates) if (d <= today && (firstDelivery === null || d < firstDelivery)) firstDelivery = d;
  return { spendFen, visits, firstPurchase, lastPurchase: firstDelivery, lastPurchaseBasis: firstDelivery === null ? null : 'delivery' };
}
