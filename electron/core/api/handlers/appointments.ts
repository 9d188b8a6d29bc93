import { v7 } from 'uuid';
import { calendarDays, dayView, decideBooking, latestBookableDate, slotTemplate, tierExtraDays } from '../../../../shared/domain/booking';
import type { AppointmentView } from '../../../../shared/domain/booking';
import {
  appointmentById, bookedCounts, customerAppointments, customerVehicles, dayAppointments, firstVehicle, insertAppointment, setAppointmentStatus, vehicleOwner,
} from '../../repos/appointments';
import { pointsCustomer } from '../../repos/points';
import { loadRules } from '../../repos/rules';
import { getStore } from '../../repos/stores';
import { markStoreDay, storeDay } from '../../repos/store-days';
import type { StoreDayView } from '../../../../shared/domain/store-day';
import { rainyDayUmbrella } from '../../../../shared/domain/rules/surprises';
import { DeskFailure, notFound } from '../failure';
import { mutate, storeDay as storeDayAndZone, storeToday } from '../mutate';
import { isoDateIn } from '../../../../shared/domain/calendar/dates';
import type { CallContext, HandlerArea } from '../types';

const TABLES = ['appointments'] as const;

async function customerOr404(call: CallContext, id: string) {
  const c = await pointsCustomer(call.core.database.db, id);
  if (!c) throw new DeskFailure('not_found', `customer ${id} does not exist`, { field: 'customerId', entity: 'customer' });
  return c;
}

async function move(call: CallContext, id: string, to: 'arrived' | 'cancelled'): Promise<AppointmentView> {
  const db = call.core.database.db;
  const before = await appointmentById(db, id);
  if (!before) throw notFound('appointment', id);
  if (before.status !== 'booked') throw new DeskFailure('conflict', `the appointment is ${before.status}`, { field: 'id', status: before.status });
  const today = await storeToday(call);
  if (to === 'arrived' && before.date !== today) throw new DeskFailure('conflict', `the appointment is for ${before.date}, not today`, { field: 'id', reason: 'not_today' });
  await mutate(
    call,
    { name: to === 'arrived' ? 'appointments.arrive' : 'appointments.cancel', args: { id }, audit: { action: 'update', entity: 'appointment', entityId: id, detail: { from: 'booked', to } }, tables: TABLES },
    async ({ trx, staff, at }) => {
      if ((await setAppointmentStatus(trx, { id, from: 'booked', to, staffId: staff.id, at })) !== 1) throw new DeskFailure('conflict', 'the appointment changed meanwhile', { field: 'id' });
    },
  );
  const after = await appointmentById(db, id);
  if (!after) throw notFound('appointment', id);
  return after;
}

/**
 * The store's today and its time now ('HH:MM'), the time only when the clock's instant falls on that
 * day (a test clock pins the day but not the hour).
 */
async function storeNow(call: CallContext): Promise<{ today: string; now: string | undefined }> {
  const { today, timezone } = await storeDayAndZone(call);
  const instant = call.core.clock.now();
  if (isoDateIn(instant, timezone) !== today) return { today, now: undefined };
  return { today, now: new Intl.DateTimeFormat('en-GB', { timeZone: timezone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(instant) };
}

async function storeOr404(call: CallContext) {
  const store = await getStore(call.core.database.db);
  if (!store) throw new DeskFailure('not_found', 'this desk has no store yet', { field: 'store', entity: 'store' });
  return store;
}

async function todayMarked(call: CallContext): Promise<StoreDayView> {
  const store = await storeOr404(call);
  const date = await storeToday(call);
  const mark = await storeDay(call.core.database.db, store.id, date);
  const rainy = mark?.rainy ?? false;
  return {
    date, rainy, umbrellas: rainyDayUmbrella({ date, rainy }, date) !== null,
    markedBy: mark?.markedBy ? { id: mark.markedBy, name: mark.markedByName ?? '?' } : null, markedAt: mark?.updatedAt ?? null,
  };
}

export const appointments: HandlerArea<'appointments'> = {
  calendar: async ({ customerId }, call) => {
    const c = await customerOr404(call, customerId);
    const rules = loadRules(call.core.database.sqlite);
    const { today, now } = await storeNow(call);
    const dates = calendarDays(today, rules);
    const db = call.core.database.db;
    const [counts, upcoming, vehicles] = await Promise.all([
      bookedCounts(db, c.storeId, dates[0]!, dates[dates.length - 1]!),
      customerAppointments(db, customerId, today),
      customerVehicles(db, customerId),
    ]);
    const days = dates.map((date) => {
      const booked = new Map<string, number>();
      for (const [key, n] of counts) if (key.startsWith(`${date}|`)) booked.set(key.slice(11), n);
      return dayView(date, { today, now, tier: c.tier, rules, booked });
    });
    return {
      today, tier: c.tier, openDaysAhead: rules.booking.openDaysAhead, extraDays: tierExtraDays(c.tier, rules), latest: latestBookableDate(today, c.tier, rules),
      reservedMinTier: rules.booking.reservedMinTier, days, upcoming, vehicles,
    };
  },

  book: async ({ customerId, vehicleId, date, time, note }, call) => {
    const c = await customerOr404(call, customerId);
    const db = call.core.database.db;
    const slot = slotTemplate(time);
    if (!slot) throw new DeskFailure('validation', `the store has no service slot at ${time}`, { field: 'time', reason: 'no_slot' });
    const rules = loadRules(call.core.database.sqlite);
    const { today, now } = await storeNow(call);
    const decision = decideBooking({ today, tier: c.tier, slotDate: date, reserved: slot.reserved, rules, time, now });
    if (!decision.ok) {
      const { ok: _ok, ...refusal } = decision;
      const field = refusal.reason === 'reserved' || refusal.reason === 'past_slot' ? 'time' : 'date';
      throw new DeskFailure('validation', `booking refused: ${refusal.reason}`, { field, ...refusal });
    }
    if (vehicleId && (await vehicleOwner(db, vehicleId)) !== customerId) throw new DeskFailure('validation', 'the vehicle is not this customer’s', { field: 'vehicleId' });
    const vehicle = vehicleId ?? (await firstVehicle(db, customerId));
    const id = v7();
    await mutate(
      call,
      {
        name: 'appointments.book',
        args: { id, customerId, vehicleId: vehicle, date, time, note: note ?? null },
        audit: { action: 'create', entity: 'appointment', entityId: id, detail: { customerId, date, time, reserved: slot.reserved } },
        tables: TABLES,
      },
      async ({ trx, staff, at }) => {
        const mine = await customerAppointments(trx, customerId, date);
        if (mine.some((a) => a.date === date)) throw new DeskFailure('conflict', `the customer already has an appointment on ${date}`, { field: 'date', reason: 'already_booked' });
        const counts = await bookedCounts(trx, c.storeId, date, date);
        if ((counts.get(`${date}|${time}`) ?? 0) >= slot.capacity) throw new DeskFailure('conflict', `the ${time} slot on ${date} is full`, { field: 'time', reason: 'full' });
        await insertAppointment(trx, { id, storeId: c.storeId, customerId, vehicleId: vehicle, date, time, reserved: slot.reserved, note: note ?? null, staffId: staff.id, at });
      },
    );
    const booked = await appointmentById(db, id);
    if (!booked) throw notFound('appointment', id);
    return booked;
  },

  cancel: ({ id }, call) => move(call, id, 'cancelled'),
  arrive: ({ id }, call) => move(call, id, 'arrived'),

  today: async (_args, call) => {
    const store = await getStore(call.core.database.db);
    if (!store) return [];
    return dayAppointments(call.core.database.db, store.id, await storeToday(call));
  },

  day: (_args, call) => todayMarked(call),

  markRainy: async ({ rainy }, call) => {
    const store = await storeOr404(call);
    const date = await storeToday(call);
    await mutate(
      call,
      { name: 'appointments.markRainy', args: { date, rainy }, audit: { action: 'update', entity: 'store_day', entityId: date, detail: { rainy } }, tables: ['store_days'] },
      ({ trx, staff, at }) => markStoreDay(trx, { storeId: store.id, date, rainy, staffId: staff.id, at }),
    );
    return todayMarked(call);
  },
};
