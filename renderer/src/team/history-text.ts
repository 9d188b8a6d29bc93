import type { CustomerHistoryEntry } from '../../../shared/api/areas/team';
import { taskTitle } from '../rules/task-title';

type T = (key: string, o?: Record<string, unknown>) => string;

/**
 * One history entry in the user's words: an advisor change is its reason as written; a follow-up
 * is channel · outcome · note; a task is its title · done/skipped · outcome or skip reason.
 * Codes the UI knows are translated, text people wrote stays as written.
 */
export function historyText(e: CustomerHistoryEntry, t: T, exists: (key: string) => boolean): string {
  const code = (prefix: string, value: string | null | undefined) => (value ? (exists(`${prefix}.${value}`) ? t(`${prefix}.${value}`) : value) : null);
  const join = (parts: (string | null | undefined)[]) => parts.filter((p): p is string => !!p).join(' · ');
  if (e.kind === 'assignment') return e.summary;
  if (e.followUp) return join([code('today.channel', e.followUp.channel), code('today.outcome', e.followUp.outcome), e.followUp.note]);
  if (e.task) {
    // A skip reason is stored as "code: note" ("customer_busy: 出差到月底").
    const [reason = '', ...note] = (e.task.skipReason ?? '').split(': ');
    const why = e.task.outcome ? code('today.outcome', e.task.outcome) : e.task.skipReason ? [code('today.skipReason', reason), note.join(': ')].filter(Boolean).join('：') : null;
    return join([taskTitle({ rule: e.task.rule, reason: e.task.reason ?? undefined }, t), t(`team.history.status.${e.task.status}`), why]);
  }
  return e.summary;
}
