import { z } from 'zod';
import type { RosterView } from '../../domain/roster';
import { TASK_OUTCOMES } from '../../domain/tasks';
import { CHANNELS } from '../../domain/types';
import { id, returns, verb } from '../verb';

/** My customers: the whole list (filtered and sorted on the screen), and a batch follow-up. */
export const rosterArea = {
  list: verb('staff', z.object({ advisorId: id.optional() }).strict(), returns<RosterView>()),
  logFollowUp: verb(
    'staff',
    z
      .object({
        customerIds: z.array(id).min(1).max(2000),
        channel: z.enum(CHANNELS),
        outcome: z.enum(TASK_OUTCOMES),
        note: z.string().trim().max(500).optional(),
        /** Client-generated id of this batch; the interactions rows get ids derived from it. */
        batchId: id.optional(),
      })
      .strict(),
    returns<{ logged: number }>(),
  ),
};
