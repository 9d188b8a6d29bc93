import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeskError } from '../../../shared/api/result';
import { ErrorNote } from '../ui/ErrorNote';
import { formatNumber } from '../ui/format';

/** What the points forms share: their error messages by field, and Escape to cancel. */

type T = (key: string, o?: Record<string, unknown>) => string;

/** The message for an error on one of the points forms: the balance when it was not enough. */
function pointsError(error: DeskError, t: T, lang: string): string | null {
  const d = error.details ?? {};
  if (d.reason === 'insufficient_balance' && typeof d.balance === 'number') return t('points.insufficient', { balance: formatNumber(d.balance, lang) });
  if (d.reason === 'before_points_start' && typeof d.pointsFrom === 'string') return t('points.invalid.before_points_start', { date: d.pointsFrom });
  if (typeof d.reason === 'string' && ['same_customer', 'already_earned', 'free_visit', 'not_successful'].includes(d.reason)) return t(`points.invalid.${d.reason}`);
  if (error.code === 'validation' && typeof d.field === 'string' && ['points', 'forWhat', 'toCustomerId', 'activity', 'relation'].includes(d.field)) return t(`points.invalid.${d.field}`);
  return null;
}

/** An earning's error under the list: why that visit or referral earns nothing, else the desk's error as usual. */
export function EarnErrorNote({ error }: { error: DeskError }) {
  const { t, i18n } = useTranslation();
  const text = pointsError(error, t, i18n.language);
  return text ? (
    <div className="error-note" role="alert">
      {text}
    </div>
  ) : (
    <ErrorNote error={error} />
  );
}

export function FieldNote({ error, field }: { error: DeskError | null; field: string }) {
  const { t, i18n } = useTranslation();
  if (!error || error.details?.field !== field) return null;
  const text = pointsError(error, t, i18n.language);
  return text ? (
    <span className="points-field-error" role="alert" data-field={field}>
      {text}
    </span>
  ) : null;
}

export function OtherError({ error, fields }: { error: DeskError | null; fields: readonly string[] }) {
  if (!error || (fields.includes(error.details?.field ?? '') && error.code !== 'not_found')) return null;
  return <ErrorNote error={error} />;
}

export const escToCancel = (onCancel: () => void) => (e: KeyboardEvent) => {
  if (e.key === 'Escape') {
    e.stopPropagation();
    onCancel();
  }
};

/** A form's submit and cancel buttons. */
export function FormButtons({ submit, saving, onCancel }: { submit: string; saving: boolean; onCancel: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="points-form-buttons">
      <button type="submit" className="primary" disabled={saving}>
        {submit}
      </button>
      <button type="button" onClick={onCancel}>
        {t('points.cancel')}
      </button>
    </div>
  );
}

/** "Earn +N" on a row of points to earn (a visit, a referral): says what was earned when it is done. */
export function EarnButton({ testId, points, saving, onEarn, onDone }: { testId: string; points: number; saving: boolean; onEarn: () => Promise<unknown>; onDone: (message: string) => void }) {
  const { t, i18n } = useTranslation();
  const shown = formatNumber(points, i18n.language);
  return (
    <button
      disabled={saving}
      data-testid={testId}
      onClick={async () => {
        if (await onEarn()) onDone(t('points.done.earn', { points: shown }));
      }}
    >
      {t('points.earnButton', { points: shown })}
    </button>
  );
}
