import { z } from 'zod';
import { TASKS_SHOWN_MAX, type TodayView } from '../../domain/today';
import { id, returns, verb } from '../verb';

/** Today: my work this week, my red/yellow customers, this week's occasions and cards. */
export const todayArea = {
  /** An advisor sees their own day; a manager may look at any advisor's (advisorId). */
  get: verb(
    'staff',
    z
      .object({
        advisorId: id.optional(),
        /** How many tasks of each due bucket to list (the earliest first); the counts are always whole. */
        limit: z.number().int().min(1).max(TASKS_SHOWN_MAX).optional(),
      })
      .strict(),
    returns<TodayView>(),
  ),
};
