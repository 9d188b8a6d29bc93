import type { CustomerPlan } from './customer';
import { isoDate, isoInstant } from './dates';
import { toLunar } from './lunar';
import { adultName, childName, pickSurname } from './people';
import { Weighted } from './rng';
import { COMPLAINTS, PREFERENCE_PICK, RESOLUTIONS, preferenceValue } from './texts';
import { at, syncInstant, type WriteContext } from './writer';

/** A customer's satellite rows: consents, preferences, family, complaints, referrals. */

const PREFERENCE_COUNT = new Weighted<number>([[1, 50], [2, 35], [3, 15]]);
const CHILD_COUNT = new Weighted<number>([[0, 25], [1, 50], [2, 25]]);
const COMPLAINT_RATE = { loyal: 0.025, fading: 0.05, lost: 0.065, new: 0.02 } as const;
const YEAR = 365.25;

/** A day between from and to (inclusive), or `to` when the range is empty. */
function between(w: WriteContext, from: number, to: number): number {
  return from >= to ? to : w.rng.int(from, to);
}

/** A day the advisor could have learnt something: a visit day, or the delivery day. */
function contactDay(w: WriteContext, plan: CustomerPlan): number {
  const { visitFrom, visitTo } = plan;
  return visitTo > visitFrom && w.rng.chance(0.8) ? w.visits.day[w.rng.int(visitFrom, visitTo - 1)]! : plan.memberSince;
}

export function writeConsents(w: WriteContext, plan: CustomerPlan, customerId: string): void {
  if (!w.rng.chance(0.04)) return;
  const r = w.rng.next();
  const channels = r < 0.6 ? ['sms'] : r < 0.9 ? ['call'] : ['call', 'sms'];
  const recorded = isoInstant(at(w, between(w, plan.memberSince, w.today)));
  for (const channel of channels) w.st.consent.run(customerId, channel, 0, w.advisorIds[plan.advisor], recorded);
}

export function writePreferences(w: WriteContext, plan: CustomerPlan, customerId: string): void {
  const { rng } = w;
  if (!rng.chance(0.6)) return;
  const wanted = PREFERENCE_COUNT.pick(rng);
  const seen = new Set<string>();
  for (let i = 0; i < wanted * 2 && seen.size < wanted; i++) {
    const category = PREFERENCE_PICK.pick(rng);
    if (seen.has(category)) continue;
    seen.add(category);
    const notedBy = rng.chance(0.85) ? w.advisorIds[plan.advisor]! : rng.pick(w.advisorIds);
    const day = contactDay(w, plan);
    const ms = at(w, day);
    const noted = isoInstant(ms);
    let status: 'open' | 'adopted' | null = null;
    let updatedBy = notedBy;
    let updated = noted;
    if (category === 'suggestion') {
      status = rng.chance(0.5) ? 'adopted' : 'open';
      if (status === 'adopted') {
        updatedBy = w.managerId;
        updated = syncInstant(Math.min(w.today, day + rng.int(7, 60)));
      }
    }
    w.st.preference.run(w.ids.at(ms), w.storeId, customerId, category, preferenceValue(rng, category), status, notedBy, noted,
      updatedBy, updated);
  }
}

interface Relative {
  relation: 'spouse' | 'child' | 'parent';
  name: string;
  born: number | null;
  /** Chance the family keeps this person's lunar birthday. */
  lunarShare: number;
  note: string | null;
}

function writeRelative(w: WriteContext, customerId: string, createdDay: number, person: Relative): void {
  const { relation, name, born, lunarShare, note } = person;
  const ms = at(w, createdDay);
  const created = isoInstant(ms);
  const lunar = born !== null && w.rng.chance(lunarShare) ? toLunar(born) : null;
  const keepSolar = born !== null && (!lunar || w.rng.chance(0.5));
  w.st.family.run(w.ids.at(ms), w.storeId, customerId, relation, name, born === null ? null : lunar ? 'lunar' : 'solar',
    keepSolar ? isoDate(born) : null, lunar?.month ?? null, lunar?.day ?? null, lunar?.leap ? 1 : 0, note, created, created);
}

export function writeFamily(w: WriteContext, plan: CustomerPlan, customerId: string): void {
  const { rng, today } = w;
  const customerBorn = plan.born;
  if (!rng.chance(plan.wedding !== null ? 0.6 : 0.2)) return;
  const createdDay = between(w, plan.memberSince, Math.min(today, plan.memberSince + 400));
  const spouseGender = plan.gender === 'male' ? 'female' : 'male';
  const married = plan.wedding !== null || rng.chance(0.5);
  const spouseSurname = pickSurname(rng);
  if (married) {
    const spouseBorn = customerBorn + rng.int(-4 * 365, 3 * 365);
    const known = rng.chance(0.7);
    const spouse = adultName(rng, spouseGender, spouseSurname);
    writeRelative(w, customerId, createdDay, { relation: 'spouse', name: spouse, born: known ? spouseBorn : null, lunarShare: 0.25, note: null });
  }
  const fatherSurname = plan.gender === 'male' ? plan.surname : spouseSurname;
  const earliestChild = Math.max(plan.wedding ?? 0, customerBorn + Math.round(24 * YEAR));
  const children = earliestChild < today - 60 ? CHILD_COUNT.pick(rng) : 0;
  for (let i = 0; i < children; i++) {
    const born = between(w, earliestChild, today - 60);
    const note = today - born < 10 * YEAR && rng.chance(0.4) ? '乘车需要儿童安全座椅' : null;
    writeRelative(w, customerId, createdDay, { relation: 'child', name: childName(rng, fatherSurname), born, lunarShare: 0.15, note });
  }
  if (rng.chance(0.1)) {
    const gender = rng.chance(0.5) ? 'male' : 'female';
    const surname = gender === 'male' && plan.gender === 'male' ? plan.surname : pickSurname(rng);
    const born = customerBorn - rng.int(22 * 365, 35 * 365);
    const name = adultName(rng, gender, surname);
    writeRelative(w, customerId, createdDay, { relation: 'parent', name, born, lunarShare: 0.5, note: '老人家常坐后排' });
  }
}

export function writeComplaint(w: WriteContext, plan: CustomerPlan, customerId: string): void {
  const { rng, today } = w;
  const { visitFrom, visitTo } = plan;
  if (visitTo === visitFrom || !rng.chance(COMPLAINT_RATE[plan.segment])) return;
  // Lost customers complained near the end of their history; others at any visit.
  const i = plan.segment === 'lost' ? Math.max(visitFrom, visitTo - 1 - rng.int(0, 2)) : rng.int(visitFrom, visitTo - 1);
  const opened = Math.min(today, w.visits.day[i]! + rng.int(0, 2));
  const resolved = rng.chance(today - opened >= 45 ? 0.85 : 0.5) ? Math.min(today, opened + rng.int(1, 20)) : null;
  const ms = at(w, opened);
  const created = isoInstant(ms);
  w.st.complaint.run(w.ids.at(ms), w.storeId, customerId, isoDate(opened), resolved === null ? null : isoDate(resolved),
    rng.pick(COMPLAINTS), resolved === null ? null : rng.pick(RESOLUTIONS), rng.chance(0.5) ? w.managerId : w.advisorIds[plan.advisor],
    created, resolved === null ? created : syncInstant(resolved));
}

/**
 * The referral that brought this customer in (success, with the referrer's
 * 6,000 points) and, for a few, a referral of their own still pending or lost.
 */
export function writeReferrals(w: WriteContext, plan: CustomerPlan, customerId: string, referrerSince: number): void {
  const { rng, today } = w;
  if (plan.referrer >= 0) {
    const referrerId = w.customerIds[plan.referrer]!;
    const referredOn = between(w, Math.max(referrerSince, plan.memberSince - 25), plan.memberSince - 3);
    const ms = at(w, referredOn);
    w.st.referral.run(w.ids.at(ms), w.storeId, referrerId, customerId, plan.name, isoDate(referredOn), 'success',
      isoInstant(ms), syncInstant(plan.memberSince));
    const pointsMs = plan.createdMs + 3_600_000;
    w.st.ledger.add(w.ids.at(pointsMs), referrerId, isoDate(plan.memberSince), 'referral', 6000, null, customerId,
      '推荐成功奖励', w.advisorIds[plan.advisor], isoInstant(pointsMs));
  }
  if (plan.segment !== 'lost' && rng.chance(0.03)) {
    const lost = plan.memberSince <= today - 90 && rng.chance(0.25);
    const day = lost ? between(w, Math.max(plan.memberSince, today - 300), today - 90) : between(w, Math.max(plan.memberSince, today - 60), today);
    const ms = at(w, day);
    const created = isoInstant(ms);
    w.st.referral.run(w.ids.at(ms), w.storeId, customerId, null, adultName(rng, rng.chance(0.6) ? 'male' : 'female'),
      isoDate(day), lost ? 'lost' : 'pending', created, created);
  }
}
