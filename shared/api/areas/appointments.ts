import { z } from 'zod';
import type { AppointmentView, BookingCalendar, TodayAppointment } from '../../domain/booking';
import { id, isoDate, noArgs, returns, text, verb } from '../verb';

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be a time HH:MM' });

/** Service appointments (预约): the store's calendar as a customer's tier sees it, booking, today's arrivals. */
export const appointmentsArea = {
  calendar: verb('staff', z.object({ customerId: id }).strict(), returns<BookingCalendar>()),
  book: verb('staff', z.object({ customerId: id, vehicleId: id.optional(), date: isoDate, time, note: text(200).optional() }).strict(), returns<AppointmentView>()),
  cancel: verb('staff', z.object({ id }).strict(), returns<AppointmentView>()),
  arrive: verb('staff', z.object({ id }).strict(), returns<AppointmentView>()),
  today: verb('staff', noArgs, returns<TodayAppointment[]>()),
};
