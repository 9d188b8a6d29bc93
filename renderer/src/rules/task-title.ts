type T = (key: string, o?: Record<string, unknown>) => string;

/** A task's title: its rule in words, with what the person wrote for the tasks people create. */
export function taskTitle(task: { rule: string; reason?: unknown }, t: T): string {
  const reason = (task.reason ?? {}) as { nextStep?: string | null; suggestion?: string; day?: number; quietDays?: number };
  if (task.rule === 'manual_follow_up') return reason.nextStep ? t('rules.title.manual_follow_up', { step: reason.nextStep }) : t('rules.title.manual_follow_up_plain');
  if (task.rule === 'suggestion_thanks') return t('rules.title.suggestion_thanks', { suggestion: reason.suggestion ?? '' });
  // The day of a new-owner call and the quiet days of a care call are the rules config's: the planner's reason says them.
  if (task.rule === 'd3_call' && typeof reason.day === 'number') return t('rules.title.new_owner_call', { day: reason.day });
  if (task.rule === 'care_call_90' && typeof reason.quietDays === 'number') return t('rules.title.care_call', { days: reason.quietDays });
  return t(`rules.title.${task.rule}`, { defaultValue: t('rules.title.other') });
}
