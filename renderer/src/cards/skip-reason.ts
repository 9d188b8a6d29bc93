/** Why a card was skipped, as the advisor reads it: the planner's 'lapsed' in words, a person's reason as typed. */
export function skipReasonText(reason: string, t: (key: string) => string): string {
  return reason === 'lapsed' ? t('cards.lapsed') : reason;
}
