type T = (key: string, o?: Record<string, unknown>) => string;

/** A task's title: its rule in words, with what the person wrote for the tasks people create. */
export function taskTitle(task: { rule: string; reason?: unknown }, t: T): string {
  const reason = (task.reason ?? {}) as { nextStep?: string | null; suggestion?: string };
  if (task.rule === 'manual_follow_up') return reason.nextStep ? t('rules.title.manual_follow_up', { step: reason.nextStep }) : t('rules.title.manual_follow_up_plain');
  if (task.rule === 'suggestion_thanks') return t('rules.title.suggestion_thanks', { suggestion: reason.suggestion ?? '' });
  return t(`rules.title.${task.rule}`, { defaultValue: t('rules.title.other') });
}
