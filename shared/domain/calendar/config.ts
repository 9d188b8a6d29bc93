import { z } from 'zod';

/**
 * The emotional-calendar part of the rules config (DOMAIN.md "Emotional calendar and
 * handwritten cards"). Composed into the main rules config elsewhere.
 */
export const calendarRulesSchema = z
  .object({
    /** A handwritten card falls due this many days before the occasion (time to write and mail). */
    cardLeadDays: z.number().int().nonnegative(),
    /** How far ahead the emotional calendar lists occasions. */
    occasionHorizonDays: z.number().int().nonnegative(),
  })
  // A card due today is for an occasion cardLeadDays ahead: the horizon has to reach it.
  .refine((c) => c.cardLeadDays <= c.occasionHorizonDays, {
    message: 'occasionHorizonDays must be at least cardLeadDays, or cards would fall due for occasions not yet listed',
    path: ['occasionHorizonDays'],
  });

export type CalendarRules = z.infer<typeof calendarRulesSchema>;

export const DEFAULT_CALENDAR_RULES: CalendarRules = {
  cardLeadDays: 7,
  occasionHorizonDays: 30,
};
