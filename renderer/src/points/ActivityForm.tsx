import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { PointsAccount } from '../../../shared/domain/points-view';
import { desk } from '../desk/connect';
import { formatNumber } from '../ui/format';
import { escToCancel, FieldNote, FormButtons, OtherError } from './form-parts';
import { useSubmit } from './live';

type T = (key: string, o?: Record<string, unknown>) => string;

/** An activity of the rules config by name; a code HQ added without a name here shows as it is. */
export function activityName(t: T, code: string): string {
  return t(`points.activityName.${code}`, { defaultValue: code });
}

/** Points for an activity the customer took part in (the rules config's points.activities). */
export function ActivityForm({ account, onCancel, onDone }: { account: PointsAccount; onCancel: () => void; onDone: (message: string) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [activity, setActivity] = useState('');
  const [note, setNote] = useState('');
  const submit = useSubmit();
  const first = useRef<HTMLSelectElement>(null);
  useEffect(() => first.current?.focus(), []);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const entry = await submit.run(() => desk.points.earnActivity({ customerId: account.customerId, activity, note: note.trim() || undefined }));
    if (entry) onDone(t('points.done.activity', { points: formatNumber(entry.points, lang) }));
  }

  return (
    <form className="points-form" onSubmit={onSubmit} onKeyDown={escToCancel(onCancel)} data-testid="activity-form" noValidate>
      <label>
        <span>{t('points.activityLabel')}</span>
        <select ref={first} name="activity" value={activity} onChange={(e) => setActivity(e.target.value)} aria-invalid={submit.error?.details?.field === 'activity'}>
          <option value="">{t('points.activityChoose')}</option>
          {account.activities.map((a) => (
            <option key={a.code} value={a.code}>
              {t('points.activityOption', { name: activityName(t, a.code), points: formatNumber(a.points, lang) })}
            </option>
          ))}
        </select>
        <FieldNote error={submit.error} field="activity" />
      </label>
      <label>
        <span>{t('points.activityNote')}</span>
        <input name="note" value={note} maxLength={200} placeholder={t('points.activityNotePlaceholder')} onChange={(e) => setNote(e.target.value)} />
      </label>
      <OtherError error={submit.error} fields={['activity']} />
      <FormButtons submit={t('points.confirmActivity')} saving={submit.saving} onCancel={onCancel} />
    </form>
  );
}
