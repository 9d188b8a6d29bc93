import { z } from 'zod';
import { FOLLOW_UP_CHANNELS, FOLLOW_UP_OUTCOMES, FOLLOW_UP_PURPOSES } from '../../domain/customer360';
import { PREFERENCE_CATEGORIES } from '../../domain/types';
import { id, isoDate, returns, text, verb } from '../verb';

/**
 * What an advisor writes down about a customer in the customer view: preferences and
 * suggestions, follow-ups, survey scores, complaints. Every verb is one transaction with its
 * audit and outbox entries (electron/core/api/mutate.ts) and answers the row's id.
 */
const optionalText = (max: number) => z.string().trim().max(max).optional().transform((s) => (s === undefined || s === '' ? null : s));

export const notesArea = {
  /** A preference ('suggestion' starts open). */
  addPreference: verb('staff', z.object({ customerId: id, category: z.enum(PREFERENCE_CATEGORIES), value: text(200) }).strict(), returns<{ id: string }>()),
  changePreference: verb('staff', z.object({ id, category: z.enum(PREFERENCE_CATEGORIES), value: text(200) }).strict(), returns<{ id: string }>()),
  /** Soft delete (deleted_at), who and when kept in updated_by / updated_at. */
  removePreference: verb('staff', z.object({ id }).strict(), returns<{ id: string }>()),
  /** An open suggestion was adopted: creates the "tell them and thank them" task. */
  adoptSuggestion: verb('staff', z.object({ id }).strict(), returns<{ id: string; taskId: string }>()),
  /** An open suggestion the store will not take up (no task). */
  declineSuggestion: verb('staff', z.object({ id }).strict(), returns<{ id: string }>()),
  /** A follow-up; a next date creates a follow-up task for the customer's advisor. */
  logFollowUp: verb(
    'staff',
    z
      .object({
        customerId: id,
        channel: z.enum(FOLLOW_UP_CHANNELS),
        purpose: z.enum(FOLLOW_UP_PURPOSES).default('care'),
        outcome: z.enum(FOLLOW_UP_OUTCOMES),
        note: optionalText(500),
        nextStep: optionalText(200),
        nextDate: isoDate.optional(),
      })
      .strict(),
    returns<{ id: string; taskId: string | null }>(),
  ),
  /** A satisfaction score 0-10 (the radar reads the latest). */
  recordSurvey: verb(
    'staff',
    z.object({ customerId: id, score: z.number().int().min(0).max(10), comment: optionalText(500), surveyedOn: isoDate.optional() }).strict(),
    /** taskId: the advisor's open recovery visit when this score turns the customer red, new or already there (shared/domain/recovery.ts). */
    returns<{ id: string; taskId: string | null }>(),
  ),
  /** Opens a complaint and the advisor's recovery visit, due that day, unless one is open already (its id is taskId; shared/domain/recovery.ts). */
  openComplaint: verb('staff', z.object({ customerId: id, summary: text(500), openedOn: isoDate.optional() }).strict(), returns<{ id: string; taskId: string }>()),
  resolveComplaint: verb('staff', z.object({ id, resolution: text(500), resolvedOn: isoDate.optional() }).strict(), returns<{ id: string }>()),
};
