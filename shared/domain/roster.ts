import type { RiskFlag, RiskReason } from './rules/radar';
import { daysBetween } from './rules/days';
import type { IsoDate, Tier } from './types';

/** Who a customer is and how they stand: the first columns of every customer list (My customers, a manager's drill-down). */
export interface CustomerListRow {
  id: string;
  name: string;
  plate: string | null;
  tier: Tier;
  flag: RiskFlag;
  /** Why the customer is red or yellow (empty for green). */
  reasons: RiskReason[];
  lastVisitOn: IsoDate | null;
}

/** One row of My customers. */
export interface RosterRow extends CustomerListRow {
  /** The next birthday or anniversary within the card horizon (30 days), if any. */
  nextOccasion: { date: IsoDate; occasion: string; lunarLabel: string | null } | null;
  openTasks: number;
  /** The first car's delivery (a customer who never visited is quiet since then, as the risk radar counts). */
  firstDeliveryOn: IsoDate | null;
  /** Urgency within the flag (status.ts riskRank, higher first): the risk sort orders each colour by it. */
  riskRank: number;
}

export interface RosterView {
  today: IsoDate;
  advisorId: string;
  rows: RosterRow[];
}

export interface RosterFilter {
  tiers: Tier[];
  flags: RiskFlag[];
  /** Only customers with no visit in at least this many days: since the last visit, else since the first delivery (a new owner is not quiet); with neither known, included. */
  noVisitDays: number | null;
  /** Only customers with a birthday within this many days. */
  birthdayWithinDays: number | null;
  text: string;
}

export type RosterSortKey = 'name' | 'tier' | 'flag' | 'lastVisitOn' | 'nextOccasion' | 'openTasks';

const TIER_RANK: Record<Tier, number> = { normal: 0, silver: 1, gold: 2, diamond: 3 };
const FLAG_RANK: Record<RiskFlag, number> = { green: 0, yellow: 1, red: 2 };

const RANK_SPAN = 1_000_000;
const daysFrom = daysBetween;
const collator = new Intl.Collator('zh-CN');

/** Filters and sorts roster rows (pure, so the screen stays fast with thousands of rows). */
export function applyRoster(rows: readonly RosterRow[], today: IsoDate, filter: RosterFilter, sort: { key: RosterSortKey; desc: boolean }): RosterRow[] {
  const text = filter.text.trim().toLowerCase();
  const out = rows.filter((r) => {
    if (filter.tiers.length > 0 && !filter.tiers.includes(r.tier)) return false;
    if (filter.flags.length > 0 && !filter.flags.includes(r.flag)) return false;
    if (filter.noVisitDays !== null) {
      const since = r.lastVisitOn ?? r.firstDeliveryOn;
      if (since !== null && daysFrom(since, today) < filter.noVisitDays) return false;
    }
    if (filter.birthdayWithinDays !== null) {
      const o = r.nextOccasion;
      if (o === null || o.occasion !== 'birthday' || daysFrom(today, o.date) > filter.birthdayWithinDays) return false;
    }
    if (text && !r.name.toLowerCase().includes(text) && !(r.plate ?? '').toLowerCase().includes(text)) return false;
    return true;
  });
  const key = sort.key;
  const value = (r: RosterRow): string | number => {
    switch (key) {
      case 'name':
        return r.name;
      case 'tier':
        return TIER_RANK[r.tier];
      case 'flag':
        // The colour, then within it the most urgent first (as Today's risk panel and the radar): ranks stay below RANK_SPAN.
        return FLAG_RANK[r.flag] * RANK_SPAN + Math.min(r.riskRank, RANK_SPAN - 1);
      case 'lastVisitOn':
        return r.lastVisitOn ?? '';
      case 'nextOccasion':
        return r.nextOccasion?.date ?? '9999-12-31';
      case 'openTasks':
        return r.openTasks;
    }
  };
  const dir = sort.desc ? -1 : 1;
  const cmp = (a: RosterRow, b: RosterRow) => {
    const x = value(a);
    const y = value(b);
    const c = typeof x === 'string' && typeof y === 'string' ? collator.compare(x, y) : x < y ? -1 : x > y ? 1 : 0;
    return c * dir || (a.id < b.id ? -1 : 1);
  };
  return out.sort(cmp);
}
