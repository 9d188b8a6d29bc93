import { hash } from 'node:crypto';
import type { DesiredTask } from './rows';

/**
 * A digest of the tasks the rules want for one customer, in the order wanted: every field the
 * planner writes of a task (the rule and occurrence standing for the id, which is made of them
 * and the customer: the digest is kept per customer, and a run needs no ids for a customer whose
 * digest is the one kept). Kept in the customer's wake row once those tasks are written
 * (planner_wake.tasks_digest, migration 0016); a write to any of the customer's tasks drops it.
 * A run whose answer has the same digest finds the tasks as it left them, so it need not read
 * and compare them (plan-range.ts).
 */
export function tasksDigest(tasks: readonly DesiredTask[]): string {
  let text = '';
  for (const t of tasks) {
    text += `${t.rule}\u001f${t.occurrence}\u001f${t.storeId}\u001f${t.advisorId ?? '\u0000'}\u001f${t.kind}\u001f${t.channel ?? '\u0000'}\u001f${t.dueDate}\u001f${t.reason}\u001e`;
  }
  return hash('sha1', text, 'base64');
}
