import type { FactSurvey, FactVisit } from '../../../shared/domain/rules/facts';
import type { Birthday, Tier } from '../../../shared/domain/types';
import { NO_ACTIVITY, NONE, type Intern, type PlanningCustomer } from './planner-inputs-types';

/**
 * A customer's planning facts as kept in planner_wake.facts (migration 0016): one JSON array,
 * positions instead of keys (half the text, and JSON.parse of arrays is the cheap kind). Lists
 * are flat runs of their fields. Change the layout only with FACTS_FORMAT (planner-inputs-cached.ts).
 */
type Stored = [
  storeId: string,
  advisorId: string | null,
  memberSince: string | null,
  tier: Tier,
  tierSince: string | null,
  referrals: number,
  doNotContact: 0 | 1,
  birthday: string | [year: number | null, month: number, day: number, leap: 0 | 1] | null,
  weddingDate: string | null,
  /** id, delivery date, first visit after it ('' for none), delivery date first recorded ('' unless corrected), ... */
  vehicles: string[],
  /** id, vehicle id, date, amount, km, ... */
  visits: (string | number | null)[],
  /** date, score, ... */
  surveys: (string | number)[],
  /** id, name, birthday, ... */
  children: (string | Stored[7])[],
  laterFactOn: string | null,
  /** spend, visits; 0 for none */
  activity: [number, number] | 0,
  referralsSucceededOn: string | null,
];

export function encodeFacts(c: PlanningCustomer): string {
  const f = c.facts;
  const visits: Stored[10] = [];
  for (const v of f.visits) visits.push(v.id, v.vehicleId, v.date, v.amountFen, v.mileageKm);
  const surveys: Stored[11] = [];
  for (const s of f.surveys) surveys.push(s.date, s.score0to10);
  const vehicles: string[] = [];
  for (const v of c.vehicles) vehicles.push(v.id, v.deliveryDate, v.firstVisitOn ?? '', v.firstDeliveryDate ?? '');
  const children: Stored[12] = [];
  for (const k of c.children) children.push(k.id, k.name, birthdayOut(k.birthday));
  const a = c.activity;
  const stored: Stored = [
    c.storeId, c.advisorId, f.memberSince, f.currentTier, f.tierSince, f.referralsSucceeded, c.doNotContact ? 1 : 0,
    birthdayOut(c.birthday), c.weddingDate, vehicles, visits, surveys, children, c.laterFactOn ?? null,
    a === undefined || a.visits === 0 ? 0 : [a.spendFen, a.visits],
    f.referralsSucceededOn,
  ];
  return JSON.stringify(stored);
}

/** Decodes what encodeFacts wrote; `intern` keeps one copy of the values many customers share (store, advisor, tier). */
export function decodeFacts(customerId: string, text: string, intern: Intern): PlanningCustomer {
  const s = JSON.parse(text) as Stored;
  const vehicles: PlanningCustomer['vehicles'] = s[9].length === 0 ? NONE : [];
  const deliveryDates: string[] = s[9].length === 0 ? NONE : [];
  for (let i = 0; i < s[9].length; i += 4) {
    vehicles.push({ id: s[9][i]!, deliveryDate: s[9][i + 1]!, firstVisitOn: s[9][i + 2] || null, firstDeliveryDate: s[9][i + 3] || null });
    deliveryDates.push(s[9][i + 1]!);
  }
  const visits: FactVisit[] = s[10].length === 0 ? NONE : [];
  for (let i = 0, v = s[10]; i < v.length; i += 5) {
    visits.push({ id: v[i] as string, vehicleId: v[i + 1] as string | null, date: v[i + 2] as string, amountFen: v[i + 3] as number, mileageKm: v[i + 4] as number | null });
  }
  const surveys: FactSurvey[] = s[11].length === 0 ? NONE : [];
  for (let i = 0; i < s[11].length; i += 2) surveys.push({ date: s[11][i] as string, score0to10: s[11][i + 1] as number });
  const children: PlanningCustomer['children'] = s[12].length === 0 ? NONE : [];
  for (let i = 0, k = s[12]; i < k.length; i += 3) children.push({ id: k[i] as string, name: k[i + 1] as string, birthday: birthdayIn(k[i + 2] as Stored[7]) });
  const a = s[14];
  return {
    facts: {
      customerId, deliveryDates, vehicles, visits, surveys, complaints: NONE,
      memberSince: s[2], currentTier: intern(s[3]), tierSince: s[4], referralsSucceeded: s[5], referralsSucceededOn: s[15],
    },
    storeId: intern(s[0]),
    advisorId: intern(s[1]),
    doNotContact: s[6] === 1,
    birthday: birthdayIn(s[7]),
    weddingDate: s[8],
    vehicles,
    children,
    laterFactOn: s[13],
    activity: a === 0 ? NO_ACTIVITY : { spendFen: a[0], visits: a[1] },
    // Every field in the order of PlanningFold.addCustomer: one shape for the planner's optimized code (planner-inputs-types.ts emptyObjectList).
    factsUntil: undefined,
  };
}

function birthdayOut(b: Birthday | null): Stored[7] {
  if (b === null) return null;
  return b.calendar === 'solar' ? b.date : [b.year, b.month, b.day, b.leap ? 1 : 0];
}

function birthdayIn(b: Stored[7]): Birthday | null {
  if (b === null) return null;
  return typeof b === 'string' ? { calendar: 'solar', date: b } : { calendar: 'lunar', year: b[0], month: b[1], day: b[2], leap: b[3] === 1 };
}
