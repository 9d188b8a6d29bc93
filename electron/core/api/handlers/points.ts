import { v7 } from 'uuid';
import { activityNote, dbLedgerKind } from '../../../../shared/domain/points-view';
import { activityPoints, earnsInProgramme, mileageNote, redeem, redeemValueFen, referralPoints, tierMultiplier, transfer, visitMileage, visitPoints, visitPointsRate } from '../../../../shared/domain/rules/points';
import { areFamily, linkedFamily, linkFamily } from '../../repos/family';
import { loadRules } from '../../repos/rules';
import { appendLedger, carMileageNow, EARNABLE_SHOWN, ledgerEntries, pointsAccountRows, pointsBalance, pointsCustomer, referralOf, visitEarned, visitOf } from '../../repos/points';
import { DeskFailure } from '../failure';
import { mutate, storeToday } from '../mutate';
import type { CallContext, HandlerArea } from '../types';

const TABLES = ['points_ledger'] as const;

async function customerOr404(call: CallContext, id: string, field = 'customerId') {
  const c = await pointsCustomer(call.core.database.db, id);
  if (!c) throw new DeskFailure('not_found', `customer ${id} does not exist`, { field, entity: 'customer' });
  return c;
}

function insufficient(balance: number, points: number): DeskFailure {
  return new DeskFailure('validation', `${points} points is more than the balance of ${balance}`, { field: 'points', reason: 'insufficient_balance', balance });
}

async function entry(call: CallContext, customerId: string, id: string) {
  const [e] = await ledgerEntries(call.core.database.db, customerId, 1, id);
  if (!e) throw new Error(`ledger entry ${id} was not written`);
  return e;
}

export const points: HandlerArea<'points'> = {
  account: async ({ customerId, limit }, call) => {
    const c = await customerOr404(call, customerId);
    const sqlite = call.core.database.sqlite;
    const rules = loadRules(sqlite);
    const today = await storeToday(call);
    const { balance, entries, entryCount, earnable, referrals } = pointsAccountRows(sqlite, customerId, { today, pointsFrom: c.pointsFrom }, limit);
    return {
      customerId, tier: c.tier, multiplier: tierMultiplier(c.tier, rules), balance, valueFen: redeemValueFen(Math.max(0, balance), rules),
      redeemFenPerPoint: rules.points.redeemFenPerPoint, pointsFrom: c.pointsFrom, entries, entryCount, family: linkedFamily(sqlite, customerId),
      referrals: referrals.map((r) => ({ id: r.id, name: r.name, referredOn: r.referred_on, points: referralPoints(rules) })),
      activities: Object.entries(rules.points.activities).flatMap(([code, points]) => (points > 0 ? [{ code, points }] : [])),
      earnable: earnable.flatMap((v) => {
        const counted = v.car ? visitMileage(v.car.visits, v.id, v.car.held, rules, c.pointsFrom) : null;
        const mileage = counted?.points ?? 0;
        const points = visitPoints(v.amount_fen, c.tier, rules) + mileage;
        return points > 0 ? [{ id: v.id, date: v.visit_date, amountFen: v.amount_fen, plate: v.plate, points, mileagePoints: mileage, readingHeld: counted?.held ?? null }] : [];
      }).slice(0, EARNABLE_SHOWN),
    };
  },

  earnVisit: async ({ customerId, visitId }, call) => {
    const c = await customerOr404(call, customerId);
    const rules = loadRules(call.core.database.sqlite);
    const id = v7();
    const mileageId = v7();
    let first = id;
    await mutate(
      call,
      { name: 'points.earnVisit', args: { id, mileageId, customerId, visitId }, audit: { action: 'create', entity: 'points_ledger', entityId: id, detail: { kind: 'earn_visit', visitId } }, tables: TABLES },
      async ({ trx, staff, at, today }) => {
        const visit = await visitOf(trx, visitId);
        if (!visit || visit.deleted || visit.customerId !== customerId) throw new DeskFailure('not_found', `visit ${visitId} is not a visit of customer ${customerId}`, { field: 'visitId', entity: 'visit' });
        if (visit.date > today) throw new DeskFailure('validation', `visit ${visitId} is in the future`, { field: 'visitId', reason: 'future_visit' });
        if (!earnsInProgramme(visit.date, c.pointsFrom)) {
          throw new DeskFailure('validation', `visit ${visitId} is dated before the store's points programme started on ${c.pointsFrom}`, {
            field: 'visitId', reason: 'before_points_start', pointsFrom: c.pointsFrom,
          });
        }
        if (await visitEarned(trx, visitId)) throw new DeskFailure('conflict', `visit ${visitId} has already earned points`, { field: 'visitId', reason: 'already_earned' });
        const earned = visitPoints(visit.amountFen, c.tier, rules);
        // DOMAIN.md: 10 points per 100 km where the mileage is known: what the car's mileage points come to with this
        // visit earned, less what its entries hold (points.ts visitMileage), as HQ counts them; any order pays the same.
        const car = visit.mileageKm !== null ? await carMileageNow(trx, customerId, visit.vehicleId) : null;
        const counted = car ? visitMileage(car.visits, visitId, car.held, rules, c.pointsFrom) : null;
        const mileage = counted?.points ?? 0;
        if (earned <= 0 && mileage <= 0) {
          throw new DeskFailure('validation', `this visit earns no points: nothing was spent, and no kilometres since an earlier reading`, { field: 'visitId', reason: 'free_visit' });
        }
        if (earned > 0) {
          await appendLedger(trx, {
            id, storeId: c.storeId, customerId, date: today, kind: dbLedgerKind('visit'), points: earned, visitId,
            note: `×${tierMultiplier(c.tier, rules)}`, pointsRate: visitPointsRate(c.tier, rules), createdBy: staff.id, at,
          });
        } else first = mileageId;
        if (mileage > 0) {
          await appendLedger(trx, {
            id: mileageId, storeId: c.storeId, customerId, date: today, kind: dbLedgerKind('mileage'), points: mileage, visitId,
            note: mileageNote(counted?.fromKm ?? null, visit.mileageKm), createdBy: staff.id, at,
          });
        }
      },
    );
    return entry(call, customerId, first);
  },

  earnReferral: async ({ customerId, referralId }, call) => {
    const c = await customerOr404(call, customerId);
    const earned = referralPoints(loadRules(call.core.database.sqlite));
    const id = v7();
    await mutate(
      call,
      { name: 'points.earnReferral', args: { id, customerId, referralId }, audit: { action: 'create', entity: 'points_ledger', entityId: id, detail: { kind: 'referral', referralId, points: earned } }, tables: TABLES },
      async ({ trx, staff, at, today }) => {
        const r = await referralOf(trx, referralId, customerId);
        if (!r) throw new DeskFailure('not_found', `referral ${referralId} is not a referral by customer ${customerId}`, { field: 'referralId', entity: 'referral' });
        if (r.status !== 'success' || r.referredCustomerId === null) {
          throw new DeskFailure('validation', `referral ${referralId} has not brought a customer in (yet): ${r.status}`, { field: 'referralId', reason: 'not_successful' });
        }
        if (r.earned) throw new DeskFailure('conflict', `referral ${referralId} has already earned its points`, { field: 'referralId', reason: 'already_earned' });
        if (!earnsInProgramme(r.referredOn, c.pointsFrom)) {
          throw new DeskFailure('validation', `referral ${referralId} was made before the store's points programme started on ${c.pointsFrom}`, {
            field: 'referralId', reason: 'before_points_start', pointsFrom: c.pointsFrom,
          });
        }
        await appendLedger(trx, { id, storeId: c.storeId, customerId, date: today, kind: dbLedgerKind('referral'), points: earned, counterpartyId: r.referredCustomerId, createdBy: staff.id, at });
      },
    );
    return entry(call, customerId, id);
  },

  earnActivity: async ({ customerId, activity, note }, call) => {
    const c = await customerOr404(call, customerId);
    const earned = activityPoints(activity, loadRules(call.core.database.sqlite));
    if (earned === null) throw new DeskFailure('validation', `"${activity}" is not an activity of the rules config`, { field: 'activity', reason: 'unknown_activity' });
    if (earned <= 0) throw new DeskFailure('validation', `the activity "${activity}" earns no points`, { field: 'activity', reason: 'no_points' });
    const id = v7();
    await mutate(
      call,
      { name: 'points.earnActivity', args: { id, customerId, activity, note: note ?? null }, audit: { action: 'create', entity: 'points_ledger', entityId: id, detail: { kind: 'activity', activity, points: earned } }, tables: TABLES },
      async ({ trx, staff, at, today }) => {
        await appendLedger(trx, { id, storeId: c.storeId, customerId, date: today, kind: dbLedgerKind('activity'), points: earned, note: activityNote(activity, note), createdBy: staff.id, at });
      },
    );
    return entry(call, customerId, id);
  },

  redeem: async ({ customerId, points: amount, forWhat }, call) => {
    const c = await customerOr404(call, customerId);
    const id = v7();
    await mutate(
      call,
      { name: 'points.redeem', args: { id, customerId, points: amount, forWhat }, audit: { action: 'create', entity: 'points_ledger', entityId: id, detail: { kind: 'redeem', points: amount, forWhat } }, tables: TABLES },
      async ({ trx, staff, at, today }) => {
        const balance = await pointsBalance(trx, customerId);
        const result = redeem({ customerId, balance }, amount);
        if (!result.ok) throw insufficient(balance, amount);
        await appendLedger(trx, { id, storeId: c.storeId, customerId, date: today, kind: dbLedgerKind(result.entry.kind), points: result.entry.points, note: forWhat, createdBy: staff.id, at });
      },
    );
    return entry(call, customerId, id);
  },

  transfer: async ({ customerId, toCustomerId, points: amount, note, relation }, call) => {
    if (toCustomerId === customerId) throw new DeskFailure('validation', 'points cannot be transferred to the same customer', { field: 'toCustomerId', reason: 'same_customer' });
    const from = await customerOr404(call, customerId);
    const to = await customerOr404(call, toCustomerId, 'toCustomerId');
    if (to.storeId !== from.storeId) throw new DeskFailure('validation', 'the family member must be a customer of this store', { field: 'toCustomerId', reason: 'other_store' });
    // Points go to family only (DOMAIN.md): a linked family member, or one the advisor names family now (checked in the transaction).
    const familyId = relation === undefined ? null : v7();
    const outId = v7();
    const inId = v7();
    await mutate(
      call,
      {
        name: 'points.transfer',
        args: { outId, inId, customerId, toCustomerId, points: amount, note: note ?? null, ...(familyId ? { relation, familyId } : {}) },
        audit: { action: 'create', entity: 'points_ledger', entityId: outId, detail: { kind: 'transfer', points: amount, toCustomerId, inId, ...(familyId ? { relation } : {}) } },
        tables: familyId ? [...TABLES, 'family_members'] : TABLES,
      },
      async ({ trx, staff, at, today }) => {
        const linked = await areFamily(trx, customerId, toCustomerId);
        if (!linked && relation === undefined) {
          throw new DeskFailure('validation', `points go to family only: ${to.name} is not on file as family of ${from.name}; say how they are related`, { field: 'relation', reason: 'not_family' });
        }
        const balance = await pointsBalance(trx, customerId);
        const result = transfer({ customerId, balance }, { customerId: toCustomerId }, amount);
        if (!result.ok) throw insufficient(balance, amount);
        const [out, into] = result.entries;
        await appendLedger(trx, { id: outId, storeId: from.storeId, customerId, date: today, kind: dbLedgerKind(out.kind), points: out.points, counterpartyId: toCustomerId, note: note ?? null, createdBy: staff.id, at });
        await appendLedger(trx, { id: inId, storeId: to.storeId, customerId: toCustomerId, date: today, kind: dbLedgerKind(into.kind), points: into.points, counterpartyId: customerId, note: note ?? null, createdBy: staff.id, at });
        if (!linked && familyId !== null && relation !== undefined) {
          await linkFamily(trx, { customerId, storeId: from.storeId, member: { id: toCustomerId, name: to.name }, relation, newId: familyId, at });
        }
      },
    );
    return entry(call, customerId, outId);
  },
};
