import { benefitsGained, benefitsOf } from '../../../shared/domain/benefits';
import {
  taskChannels,
  type ChannelConsent,
  type ComplaintNote,
  type ConsentView,
  type Customer360,
  type CustomerCard,
  type CustomerTask,
  type FollowUp,
  type FollowUpChannel,
  type FollowUpOutcome,
  type SurveyNote,
} from '../../../shared/domain/customer360';
import type { RulesConfig } from '../../../shared/domain/rules/config';
import { riskFlag } from '../../../shared/domain/rules/radar';
import { evaluateTier, tierPath } from '../../../shared/domain/rules/tier';
import { trailingActivity } from '../../../shared/domain/rules/trailing';
import { CHANNELS, type Birthday, type Channel, type CustomerSummary, type IsoDate, type Preference, type PreferenceCategory, type Vehicle, type Visit, type VisitType } from '../../../shared/domain/types';
import type { DB } from '../db/open';
import type { CustomersTable } from '../db/schema';
import { birthdayOf, listFamily, occurrenceOf } from './family';

/** Name, tier, phone and plates for many customers at once, in the order of `ids`. */
export async function customerSummaries(db: DB, ids: readonly string[]): Promise<CustomerSummary[]> {
  if (ids.length === 0) return [];
  const [rows, plates] = await Promise.all([
    db
      .selectFrom('customers as c')
      .leftJoin('staff as s', 's.id', 'c.advisor_id')
      .select(['c.id', 'c.name', 'c.phone', 'c.tier', 's.name as advisorName'])
      .where('c.id', 'in', ids)
      .where('c.deleted_at', 'is', null)
      .execute(),
    db
      .selectFrom('vehicles')
      .select(['customer_id', 'plate'])
      .where('customer_id', 'in', ids)
      .where('deleted_at', 'is', null)
      .orderBy('delivery_date', 'desc')
      .execute(),
  ]);
  const platesBy = new Map<string, string[]>();
  for (const p of plates) platesBy.set(p.customer_id, [...(platesBy.get(p.customer_id) ?? []), p.plate]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    return r ? [{ id: r.id, name: r.name, phone: r.phone, tier: r.tier, plates: platesBy.get(id) ?? [], advisorName: r.advisorName }] : [];
  });
}

/** The customer row with its advisor's name, or undefined. */
function customerRow(db: DB, id: string) {
  return db
    .selectFrom('customers as c')
    .leftJoin('staff as s', 's.id', 'c.advisor_id')
    .selectAll('c')
    .select(['s.name as advisorName'])
    .where('c.id', '=', id)
    .where('c.deleted_at', 'is', null)
    .executeTakeFirst();
}

/**
 * Customer 360 as of `today`: the detail (preferences first in the view), tier status with the
 * path to the next tier and benefits, the risk flag with its reasons (the pure rules over this
 * customer's own facts, read directly), every visit, family, open work, notes and consent.
 */
export async function getCustomer360(db: DB, id: string, today: IsoDate, rules: RulesConfig): Promise<Customer360 | null> {
  const c = await customerRow(db, id);
  if (!c) return null;

  const [vehicles, visits, preferences, family, tasks, cards, followUps, surveys, complaints, channels] = await Promise.all([
    db
      .selectFrom('vehicles')
      .select(['id', 'plate', 'vin', 'brand', 'model', 'color', 'is_new_energy', 'delivery_date', 'mileage_km'])
      .where('customer_id', '=', id)
      .where('deleted_at', 'is', null)
      .orderBy('delivery_date', 'desc')
      .execute(),
    db
      .selectFrom('visits as v')
      .leftJoin('vehicles as vh', 'vh.id', 'v.vehicle_id')
      .leftJoin('staff as s', 's.id', 'v.advisor_id')
      .select(['v.id', 'v.vehicle_id', 'vh.plate', 'v.visit_date', 'v.type', 'v.amount_fen', 'v.mileage_km', 's.name as advisorName'])
      .where('v.customer_id', '=', id)
      .where('v.deleted_at', 'is', null)
      .orderBy('v.visit_date', 'desc')
      .orderBy('v.id', 'desc')
      .execute(),
    db
      .selectFrom('preferences as p')
      .leftJoin('staff as s', 's.id', 'p.noted_by')
      .leftJoin('staff as u', 'u.id', 'p.updated_by')
      .select(['p.id', 'p.category', 'p.value', 'p.suggestion_status', 's.name as notedBy', 'p.noted_at', 'u.name as updatedBy', 'p.updated_at'])
      .where('p.customer_id', '=', id)
      .where('p.deleted_at', 'is', null)
      .orderBy('p.noted_at', 'desc')
      .execute(),
    listFamily(db, id, today),
    db
      .selectFrom('tasks')
      .select(['id', 'rule', 'kind', 'channel', 'due_date', 'status', 'snoozed_until', 'reason'])
      .where('customer_id', '=', id)
      .where('status', '=', 'open')
      .orderBy('due_date')
      .execute(),
    db
      .selectFrom('card_reminders')
      .select(['id', 'occasion', 'occasion_date', 'lunar_label', 'due_date', 'status'])
      .where('customer_id', '=', id)
      .where('status', 'in', ['to_write', 'written'])
      .orderBy('due_date')
      .execute(),
    db
      .selectFrom('interactions as i')
      .leftJoin('staff as s', 's.id', 'i.staff_id')
      .select(['i.id', 'i.channel', 'i.purpose', 'i.outcome', 'i.note', 'i.next_step', 'i.next_date', 'i.occurred_at', 's.name as staffName'])
      .where('i.customer_id', '=', id)
      .orderBy('i.occurred_at', 'desc')
      .orderBy('i.id', 'desc')
      .execute(),
    db
      .selectFrom('surveys as v')
      .leftJoin('staff as s', 's.id', 'v.recorded_by')
      .select(['v.id', 'v.surveyed_on', 'v.score', 'v.comment', 's.name as recordedBy'])
      .where('v.customer_id', '=', id)
      .where('v.deleted_at', 'is', null)
      .orderBy('v.surveyed_on', 'desc')
      .orderBy('v.id', 'desc')
      .execute(),
    db
      .selectFrom('complaints as k')
      .leftJoin('staff as s', 's.id', 'k.recorded_by')
      .select(['k.id', 'k.opened_on', 'k.resolved_on', 'k.summary', 'k.resolution', 's.name as recordedBy'])
      .where('k.customer_id', '=', id)
      .where('k.deleted_at', 'is', null)
      .orderBy('k.opened_on', 'desc')
      .orderBy('k.id', 'desc')
      .execute(),
    db
      .selectFrom('customer_channel_consents as cc')
      .leftJoin('staff as s', 's.id', 'cc.recorded_by')
      .select(['cc.channel', 'cc.allowed', 'cc.recorded_at', 's.name as recordedBy'])
      .where('cc.customer_id', '=', id)
      .execute(),
  ]);

  // The rules over this customer's own facts.
  const facts = {
    visits: visits.map((v) => ({ id: v.id, vehicleId: v.vehicle_id, date: v.visit_date, amountFen: v.amount_fen, mileageKm: v.mileage_km })),
    deliveryDates: vehicles.map((v) => v.delivery_date),
    surveys: surveys.map((s) => ({ date: s.surveyed_on, score0to10: s.score })),
    complaints: complaints.map((k) => ({ openedOn: k.opened_on, resolvedOn: k.resolved_on })),
  };
  const activity = trailingActivity(facts, today, rules);
  const decision = evaluateTier({ currentTier: c.tier, memberSince: c.member_since, activity }, today, rules);
  const path = tierPath(activity, rules, c.tier);
  const threshold = c.tier === 'normal' ? null : rules.tiers[c.tier];
  const consentChoices: ChannelConsent[] = channels
    .filter((r): r is typeof r & { channel: Channel } => (CHANNELS as readonly string[]).includes(r.channel))
    .map((r) => ({ channel: r.channel, allowed: r.allowed === 1, recordedBy: r.recordedBy, recordedAt: r.recorded_at }));
  const consent: ConsentView = {
    marketingConsent: c.marketing_consent === 1,
    doNotContact: c.do_not_contact === 1,
    channels: Object.fromEntries(consentChoices.map((r) => [r.channel, r.allowed])),
    recordedAt: c.consent_recorded_at,
    choices: consentChoices,
  };
  const birthday = birthdayOf(c);

  return {
    id: c.id,
    name: c.name,
    gender: c.gender,
    phones: [c.phone, ...(c.phone2 ? [c.phone2] : [])],
    tier: c.tier,
    birthday,
    advisor: c.advisor_id && c.advisorName ? { id: c.advisor_id, name: c.advisorName } : null,
    memberSince: c.member_since,
    marketingConsent: consent.marketingConsent,
    doNotContact: consent.doNotContact,
    vehicles: vehicles.map(
      (v): Vehicle => ({
        id: v.id,
        plate: v.plate,
        vin: v.vin,
        brand: v.brand,
        model: v.model,
        color: v.color,
        isNewEnergy: v.is_new_energy === 1,
        deliveryDate: v.delivery_date,
        mileageKm: v.mileage_km,
      }),
    ),
    visits: visits.map(
      (v): Visit => ({
        id: v.id,
        vehicleId: v.vehicle_id,
        plate: v.plate,
        visitDate: v.visit_date,
        type: v.type as VisitType,
        amountFen: v.amount_fen,
        mileageKm: v.mileage_km,
        advisorName: v.advisorName,
      }),
    ),
    preferences: preferences.map(
      (p): Preference => ({
        id: p.id,
        category: p.category as PreferenceCategory,
        value: p.value,
        notedBy: p.notedBy,
        notedAt: p.noted_at,
        suggestionStatus: p.suggestion_status,
        updatedBy: p.updatedBy,
        updatedAt: p.updated_at,
      }),
    ),
    today,
    weddingDate: c.wedding_date,
    nextBirthday: occurrenceOf(birthday, today),
    tierStatus: {
      tier: c.tier,
      since: c.tier_since,
      spendFen: activity.spendFen,
      visits: activity.visits,
      path,
      heldUntil: decision.reason.code === 'held_until_anniversary' ? { earned: decision.reason.earned, anniversary: decision.reason.anniversary } : null,
      bookingDaysAhead: threshold?.bookingDaysAhead ?? 0,
      pointsMultiplier: threshold?.pointsMultiplier ?? rules.points.normalMultiplier,
      benefits: benefitsOf(c.tier),
      nextBenefits: path ? benefitsGained(path.next) : [],
    },
    risk: riskFlag(facts, today, rules),
    family,
    tasks: tasks.map((t): CustomerTask => {
      const reason = parseReason(t.reason);
      const channel = (CHANNELS as readonly string[]).includes(t.channel ?? '') ? (t.channel as Channel) : null;
      return {
        id: t.id,
        rule: t.rule,
        kind: t.kind,
        channel,
        dueDate: t.due_date,
        status: t.status,
        snoozedUntil: t.snoozed_until,
        reason,
        channels: taskChannels({ rule: t.rule, kind: t.kind, channel, reason }, consent),
      };
    }),
    cards: cards.map((k): CustomerCard => ({ id: k.id, occasion: k.occasion, occasionDate: k.occasion_date, lunarLabel: k.lunar_label, dueDate: k.due_date, status: k.status })),
    followUps: followUps.map(
      (f): FollowUp => ({
        id: f.id,
        channel: f.channel as FollowUpChannel,
        purpose: f.purpose,
        outcome: f.outcome as FollowUpOutcome,
        note: f.note,
        nextStep: f.next_step,
        nextDate: f.next_date,
        staffName: f.staffName,
        occurredAt: f.occurred_at,
      }),
    ),
    surveys: surveys.map((s): SurveyNote => ({ id: s.id, surveyedOn: s.surveyed_on, score: s.score, comment: s.comment, recordedBy: s.recordedBy })),
    complaints: complaints.map(
      (k): ComplaintNote => ({ id: k.id, openedOn: k.opened_on, resolvedOn: k.resolved_on, summary: k.summary, resolution: k.resolution, recordedBy: k.recordedBy }),
    ),
    consent,
  };
}

function parseReason(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return { code: 'unknown', text: raw };
  }
}

export async function countCustomers(db: DB): Promise<number> {
  const row = await db.selectFrom('customers').select((eb) => eb.fn.countAll<number>().as('n')).where('deleted_at', 'is', null).executeTakeFirstOrThrow();
  return Number(row.n);
}
