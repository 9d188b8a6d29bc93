import { useTranslation } from 'react-i18next';
import type { DeskError } from '../../../shared/api/result';

type Translate = (key: string, options?: Record<string, unknown>) => string;

/** A field the core named (`details.field`, possibly a path like 'tiers.gold.minVisits') as the user reads it. */
export function fieldLabel(field: string, t: Translate): string {
  const last = field.split('.').pop() ?? field;
  return t(`fields.${last}`, { defaultValue: field });
}

/** What a limit crossed can be about (zod's `origin`): said as "at most 3,000 customers", not "check: customers". */
const BOUNDED = ['array', 'string', 'number'];

const CONFLICT_REASONS = ['update_needed', 'already_earned', 'already_booked', 'full', 'not_today', 'connected'];

/** A desk error in the user's language, naming the field where there is one (the core's English message only in English). */
export function errorText(error: DeskError, t: Translate): string {
  const d = error.details ?? {};
  if (error.code === 'conflict' && typeof d.reason === 'string' && CONFLICT_REASONS.includes(d.reason)) return t(`errors.conflictReason.${d.reason}`);
  if (error.code === 'validation' && d.rule === 'too_large') return t('errors.tooLarge', { rows: d.rows, max: d.max });
  if (error.code === 'validation' && (d.bound === 'max' || d.bound === 'min') && typeof d.limit === 'number' && BOUNDED.includes(String(d.of))) {
    const field = fieldLabel(typeof d.field === 'string' ? d.field : '', t);
    if (d.bound === 'min' && d.limit === 1 && d.of !== 'number') return t(`errors.bound.required.${String(d.of)}`, { field });
    return t(`errors.bound.${d.bound}.${String(d.of)}`, { field, limit: d.limit.toLocaleString('en-US') });
  }
  if (error.code === 'validation' && d.reason === 'moved') return t('errors.moved', { to: typeof d.location === 'string' ? d.location : '' });
  return t(`errors.${error.code}`, { field: fieldLabel(typeof d.field === 'string' ? d.field : '', t), message: error.message });
}

export function ErrorNote({ error }: { error: DeskError }) {
  const { t } = useTranslation();
  return (
    <div className="error-note" role="alert">
      {errorText(error, t)}
    </div>
  );
}
