import { z } from 'zod';
import { CHURN_REASONS, SKIP_REASONS, TASK_OUTCOMES } from '../../domain/tasks';
import { CHANNELS } from '../../domain/types';
import { id, isoDate, returns, text, verb } from '../verb';

export interface TaskChange {
  id: string;
  status: 'open' | 'done' | 'skipped';
  advisorId: string | null;
  snoozedUntil: string | null;
  /** The follow-up log entry a completed task wrote. */
  interactionId: string | null;
}

/** Task actions from Today: one click each, one transaction each (rows + audit + outbox). */
export const tasksArea = {
  complete: verb(
    'staff',
    z
      .object({
        taskId: id,
        channel: z.enum(CHANNELS),
        outcome: z.enum(TASK_OUTCOMES),
        note: z.string().trim().max(500).optional(),
        /** Why they stopped coming: asked, and required, on a win-back plan that reached the customer (asksChurnReason). */
        churnReason: z.enum(CHURN_REASONS).optional(),
        /** Client-generated id of the interactions row, so a replay writes it once. */
        interactionId: id.optional(),
      })
      .strict(),
    returns<TaskChange>(),
  ),
  snooze: verb('staff', z.object({ taskId: id, until: isoDate }).strict(), returns<TaskChange>()),
  skip: verb('staff', z.object({ taskId: id, reason: z.enum(SKIP_REASONS), note: text(200).optional() }).strict(), returns<TaskChange>()),
  reassign: verb('manager', z.object({ taskId: id, advisorId: id }).strict(), returns<TaskChange>()),
};
