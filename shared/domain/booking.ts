import { addDays, daysBetween } from './calendar/dates';
import type { RulesConfig } from './rules/config';
import { TIERS, type IsoDate, type Tier } from './types';

/**
 * Service booking (预约保养): who may book which slot of the store's calendar.
 * The calendar opens to everyone `booking.openDaysAhead` days ahead; a tier's
 * `bookingDaysAhead` (silver 3, gold 7, diamond 14) lets its members book that many days
 * earlier; reserved slots are kept for `booking.reservedMinTier` and above.
 */

/** The store's day: default service slots (start time, how many cars at once, kept for members). */
export interface SlotTemplate {
  time: string; // 'HH:MM' in the store's zone
  capacity: number;
  reserved: boolean;
}

export const DEFAULT_DAY_SLOTS: readonly SlotTemplate[] = [
  { time: '09:00', capacity: 2, reserved: true },
  { time: '10:00', capacity: 3, reserved: false },
  { time: '11:00', capacity: 3, reserved: false },
  { time: '13:30', capacity: 3, reserved: false },
  { time: '14:30', capacity: 2, reserved: true },
  { time: '15:30', capacity: 3, reserved: false },
  { time: '16:30', capacity: 3, reserved: false },
];

/** How long a service slot lasts: until its end a late customer still fits in it. */
export const SLOT_MINUTES = 60;

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export const APPOINTMENT_STATUSES = ['booked', 'arrived', 'cancelled'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

/** Extra days a tier may book beyond the store's open window (normal: none). */
export function tierExtraDays(tier: Tier, rules: RulesConfig): number {
  return tier === 'normal' ? 0 : rules.tiers[tier].bookingDaysAhead;
}

/** The furthest date this tier may book, today included in the window. */
export function latestBookableDate(today: IsoDate, tier: Tier, rules: RulesConfig): IsoDate {
  return addDays(today, rules.booking.openDaysAhead + tierExtraDays(tier, rules));
}

export function tierAtLeast(tier: Tier, min: Tier): boolean {
  return TIERS.indexOf(tier) >= TIERS.indexOf(min);
}

export type BookingRefusal =
  | { reason: 'past'; today: IsoDate }
  /** Today's slot that is over (a slot lasts SLOT_MINUTES): the customer was given a time already gone. */
  | { reason: 'past_slot'; time: string }
  | { reason: 'beyond_window'; tier: Tier; extraDays: number; openDaysAhead: number; latest: IsoDate }
  | { reason: 'reserved'; tier: Tier; minTier: Tier };

export type BookingDecision = { ok: true } | ({ ok: false } & BookingRefusal);

/**
 * May a customer of `tier` book a slot on `slotDate` (reserved or not), seen on `today`?
 * Capacity and double bookings are the caller's (they need the appointments).
 */
export function decideBooking(input: {
  today: IsoDate;
  tier: Tier;
  slotDate: IsoDate;
  reserved: boolean;
  rules: RulesConfig;
  /** The slot's start and the store's time now ('HH:MM'), when known: a slot of today that is over is refused. */
  time?: string;
  now?: string;
}): BookingDecision {
  const { today, tier, slotDate, reserved, rules } = input;
  if (daysBetween(today, slotDate) < 0) return { ok: false, reason: 'past', today };
  if (slotDate === today && input.time !== undefined && input.now !== undefined && minutesOf(input.time) + SLOT_MINUTES <= minutesOf(input.now)) {
    return { ok: false, reason: 'past_slot', time: input.time };
  }
  const latest = latestBookableDate(today, tier, rules);
  if (daysBetween(latest, slotDate) > 0) {
    return { ok: false, reason: 'beyond_window', tier, extraDays: tierExtraDays(tier, rules), openDaysAhead: rules.booking.openDaysAhead, latest };
  }
  if (reserved && !tierAtLeast(tier, rules.booking.reservedMinTier)) return { ok: false, reason: 'reserved', tier, minTier: rules.booking.reservedMinTier };
  return { ok: true };
}

/** One slot of one day as a customer sees it. */
export interface SlotView {
  time: string;
  capacity: number;
  reserved: boolean;
  booked: number;
  /** Free places left. */
  available: number;
  /** Null when this customer may book it (and it has room); otherwise why not. */
  refusal: BookingRefusal | { reason: 'full' } | null;
}

export interface DayView {
  date: IsoDate;
  slots: SlotView[];
}

export interface AppointmentView {
  id: string;
  customerId: string;
  customerName: string;
  tier: Tier;
  vehicleId: string | null;
  plate: string | null;
  model: string | null;
  date: IsoDate;
  time: string;
  status: AppointmentStatus;
  note: string | null;
  createdBy: string | null;
  createdAt: string;
}

/** What the booking panel shows for one customer: the days they can see and their own bookings. */
export interface BookingCalendar {
  today: IsoDate;
  tier: Tier;
  openDaysAhead: number;
  extraDays: number;
  latest: IsoDate;
  reservedMinTier: Tier;
  days: DayView[];
  upcoming: AppointmentView[];
  /** The customer's cars, to pick which one comes in. */
  vehicles: { id: string; plate: string; model: string }[];
}

/** Today's arrivals with what to prepare (the coffee). */
export interface TodayAppointment extends AppointmentView {
  phone: string;
  advisorName: string | null;
  preferences: { category: string; value: string }[];
}

/**
 * The days a booking panel lists: from today through the longest window any tier has, so a
 * customer also sees the days just beyond their own window, with the reason they are closed.
 */
export function calendarDays(today: IsoDate, rules: RulesConfig): IsoDate[] {
  const longest = rules.booking.openDaysAhead + Math.max(...(['silver', 'gold', 'diamond'] as const).map((t) => rules.tiers[t].bookingDaysAhead));
  return Array.from({ length: longest + 1 }, (_, i) => addDays(today, i));
}

/** Each template slot of a day with its bookings counted and this customer's decision. */
export function dayView(date: IsoDate, input: { today: IsoDate; now?: string; tier: Tier; rules: RulesConfig; booked: ReadonlyMap<string, number>; template?: readonly SlotTemplate[] }): DayView {
  const template = input.template ?? DEFAULT_DAY_SLOTS;
  return {
    date,
    slots: template.map((s) => {
      const booked = input.booked.get(s.time) ?? 0;
      const available = Math.max(0, s.capacity - booked);
      const decision = decideBooking({ today: input.today, tier: input.tier, slotDate: date, reserved: s.reserved, rules: input.rules, time: s.time, now: input.now });
      const refusal = decision.ok ? (available > 0 ? null : { reason: 'full' as const }) : stripOk(decision);
      return { time: s.time, capacity: s.capacity, reserved: s.reserved, booked, available, refusal };
    }),
  };
}

function stripOk(d: Extract<BookingDecision, { ok: false }>): BookingRefusal {
  const { ok: _ok, ...refusal } = d;
  return refusal;
}

export function slotTemplate(time: string, template: readonly SlotTemplate[] = DEFAULT_DAY_SLOTS): SlotTemplate | null {
  return template.find((s) => s.time === time) ?? null;
}
