import type { IsoDate } from '../types';
import { addDays, compareIsoDates } from './dates';
import type { Occasion, OccasionKind } from './occasions';

export interface CardReminder {
  /** Natural key without the customer, e.g. 'purchase_anniversary:v1:2027-01-03'. */
  key: string;
  occasion: OccasionKind;
  subjectId: string | null;
  occasionDate: IsoDate;
  /** occasionDate - leadDays: the day the advisor should write the card. */
  dueDate: IsoDate;
  lunarLabel: string | null;
  nth: number | null;
}

/**
 * Deterministic per occasion occurrence, so generating reminders again finds the same ones;
 * a task store prefixes it with the customer id.
 */
export function cardReminderKey(r: { occasion: OccasionKind; subjectId: string | null; occasionDate: IsoDate }): string {
  return `${r.occasion}:${r.subjectId ?? '-'}:${r.occasionDate}`;
}

/**
 * One handwritten-card reminder per occasion, due leadDays before it; order is kept. A
 * membership anniversary on the day of a purchase anniversary gets no card of its own: the
 * membership began with that car (or falls on its day), and one person should not get two
 * cards for one day; the car's card is the one written.
 */
export function cardReminders(occasions: readonly Occasion[], leadDays: number): CardReminder[] {
  if (!Number.isInteger(leadDays) || leadDays < 0) throw new RangeError(`leadDays must be a whole number >= 0: ${leadDays}`);
  const out: CardReminder[] = [];
  for (const o of occasions) {
    if (o.occasion === 'membership_anniversary' && onCarAnniversary(occasions, o.date)) continue;
    out.push({
      key: cardReminderKey({ occasion: o.occasion, subjectId: o.subjectId, occasionDate: o.date }),
      occasion: o.occasion,
      subjectId: o.subjectId,
      occasionDate: o.date,
      dueDate: addDays(o.date, -leadDays),
      lunarLabel: o.lunarLabel,
      nth: o.nth,
    });
  }
  return out;
}

function onCarAnniversary(occasions: readonly Occasion[], date: IsoDate): boolean {
  for (const o of occasions) if (o.occasion === 'purchase_anniversary' && o.date === date) return true;
  return false;
}

/**
 * The days whose card stands for the same occasion as one on `occasionDate`: within half a year
 * of it. A date corrected later (a birthday, a delivery date) moves an occasion by days or weeks,
 * not by a year; a card a person already wrote for it (or chose not to write) is that year's card,
 * and the customer should not get a second one for the corrected day.
 */
export function sameOccasionSpan(occasionDate: IsoDate): { from: IsoDate; to: IsoDate } {
  return { from: addDays(occasionDate, -HALF_YEAR_DAYS), to: addDays(occasionDate, HALF_YEAR_DAYS) };
}
const HALF_YEAR_DAYS = 182;

/**
 * Due from dueDate through the occasion day itself, both included. After the occasion the
 * card has lapsed (too late to write and mail): it is no longer due, whatever its state.
 */
export function isCardDue(reminder: Pick<CardReminder, 'dueDate' | 'occasionDate'>, today: IsoDate): boolean {
  return compareIsoDates(reminder.dueDate, today) <= 0 && compareIsoDates(today, reminder.occasionDate) <= 0;
}
