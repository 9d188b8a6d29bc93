import { z } from 'zod';
import type { AppointmentView, BookingCalendar, TodayAppointment } from '../../domain/booking';
import type { StoreDayView } from '../../domain/store-day';
import { id, isoDate, noArgs, returns, text, verb } from '../verb';

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be a time HH:MM' });

/** Service appointments (预约): the store's calendar as a customer's tier sees it, booking, today's arrivals and what to have ready for them. */
export const appointmentsArea = {
  calendar: verb('staff', z.object({ customerId: id }).strict(), returns<BookingCalendar>()),
  book: verb('staff', z.object({ customerId: id, vehicleId: id.optional(), date: isoDate, time, note: text(200).optional() }).strict(), returns<AppointmentView>()),
  cancel: verb('staff', z.object({ id }).strict(), returns<AppointmentView>()),
  arrive: verb('staff', z.object({ id }).strict(), returns<AppointmentView>()),
  today: verb('staff', noArgs, returns<TodayAppointment[]>()),
  /** Today as the store marked it: rainy, so umbrellas for every visitor (DOMAIN.md surprise moments). */
  day: verb('staff', noArgs, returns<StoreDayView>()),
  /** Any staff member marks today rainy, or clears a mark; every desk of the store sees it once synced. */
  markRainy: verb('staff', z.object({ rainy: z.boolean() }).strict(), returns<StoreDayView>()),
};
