import { z } from 'zod';
import { isIsoDate } from '../domain/rules/days';

/** Building blocks of the `desk` contract, shared by every area file in shared/api/areas/. */

/** Carries the output type of a verb; it has no runtime value. */
export const returns = <T>() => undefined as unknown as T;

/** Who may call a verb: anyone (first run), a signed-in staff member, or a manager. */
export type Access = 'anyone' | 'staff' | 'manager';

export interface VerbSpec<I extends z.ZodType, O> {
  input: I;
  output: O;
  access: Access;
}
export const verb = <I extends z.ZodType, O>(access: Access, input: I, output: O): VerbSpec<I, O> => ({ input, output, access });

export const id = z.string().min(1).max(64);
export const noArgs = z.object({}).strict();
/** A calendar date 'YYYY-MM-DD' that exists (2026-02-30 is refused). */
export const isoDate = z.string().refine(isIsoDate, { message: 'must be a date YYYY-MM-DD' });
/** Free text a person types: trimmed, not empty, bounded. */
export const text = (max: number) => z.string().trim().min(1, { message: 'must not be empty' }).max(max);
