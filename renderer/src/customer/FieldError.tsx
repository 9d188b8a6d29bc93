import { useTranslation } from 'react-i18next';
import type { DeskError } from '../../../shared/api/result';
import { ErrorNote, fieldLabel } from '../ui/ErrorNote';

/** The message for a validation error on one field, in the user's language. */
export function fieldMessage(error: DeskError, t: (key: string, o?: Record<string, unknown>) => string): string {
  const field = error.details?.field ?? '';
  const label = fieldLabel(field, t);
  const rule = error.details?.rule;
  const reason = error.details?.reason;
  if (typeof reason === 'string') return t(`c360.consentReason.${reason}`);
  if (typeof rule === 'string') return t(`c360.invalid.${rule}`, { field: label });
  if (field === 'score') return t('c360.invalid.score');
  if (/date|On$/.test(field)) return t('c360.invalid.date', { field: label });
  if (/empty/.test(error.message)) return t('c360.invalid.empty', { field: label });
  if (/too_big|at most|<=/.test(error.message)) return t('c360.invalid.tooLong', { field: label });
  return t('c360.invalid.generic', { field: label });
}

/** Shown next to the field the core named; nothing when the error is about another field. */
export function FieldError({ error, field }: { error: DeskError | null; field: string }) {
  const { t } = useTranslation();
  if (!error || error.code !== 'validation' || error.details?.field !== field) return null;
  return (
    <span className="field-error" role="alert" data-field={field}>
      {fieldMessage(error, t)}
    </span>
  );
}

/** Errors no field shows (not found, conflict, offline...), under the form. */
export function FormError({ error, fields }: { error: DeskError | null; fields: readonly string[] }) {
  if (!error) return null;
  if (error.code === 'validation' && fields.includes(error.details?.field ?? '')) return null;
  return <ErrorNote error={error} />;
}
