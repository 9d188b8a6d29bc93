import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeskError } from '../../../shared/api/result';
import { TASK_OUTCOMES, type TaskOutcome } from '../../../shared/domain/tasks';
import { CHANNELS, type Channel } from '../../../shared/domain/types';
import { desk } from '../desk/connect';
import { ErrorNote } from '../ui/ErrorNote';

/** The customers the core says refuse the channel, when that is why the batch was refused. */
function refusedBySome(error: DeskError): string[] | null {
  const d = error.details ?? {};
  return d.reason === 'refused_by_some' && Array.isArray(d.refused) ? (d.refused as string[]) : null;
}

/** The first few of them by name, "and more" when there are more. */
function namesOf(error: DeskError, t: (key: string) => string): string {
  const names = (error.details?.names as string[] | undefined) ?? [];
  return names.join(t('roster.batch.nameSeparator')) + ((refusedBySome(error)?.length ?? 0) > names.length ? t('roster.batch.andMore') : '');
}

/** One follow-up logged for every selected customer, in one transaction. */
export function BatchFollowUp({ ids, onCancel, onDone, onLeaveOut }: { ids: string[]; onCancel(): void; onDone(n: number): void; onLeaveOut(ids: readonly string[]): void }) {
  const { t } = useTranslation();
  const [channel, setChannel] = useState<Channel>('wechat');
  const [outcome, setOutcome] = useState<TaskOutcome>('reached');
  const [note, setNote] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<DeskError | null>(null);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  async function save() {
    setSaving(true);
    const r = await desk.roster.logFollowUp({ customerIds: ids, channel, outcome, note: note.trim() || undefined });
    setSaving(false);
    if (r.ok) onDone(r.value.logged);
    else setError(r.error);
  }
  return (
    <form
      className="panel rs-batch"
      data-testid="batch-form"
      onKeyDown={(e) => e.key === 'Escape' && onCancel()}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h2>{t('roster.batch.title', { count: ids.length })}</h2>
      <p className="muted rs-small">{t('roster.batch.hint')}</p>
      <div className="rs-form-row">
        <span className="rs-label">{t('roster.batch.channel')}</span>
        {CHANNELS.map((c) => (
          <button type="button" key={c} className={c === channel ? 'rs-chip active' : 'rs-chip'} aria-pressed={c === channel} onClick={() => { setChannel(c); setError(null); }}>
            {t(`today.channel.${c}`)}
          </button>
        ))}
      </div>
      <div className="rs-form-row">
        <span className="rs-label">{t('roster.batch.outcome')}</span>
        {TASK_OUTCOMES.map((o) => (
          <button type="button" key={o} className={o === outcome ? 'rs-chip active' : 'rs-chip'} aria-pressed={o === outcome} onClick={() => setOutcome(o)}>
            {t(`today.outcome.${o}`)}
          </button>
        ))}
      </div>
      <label className="rs-form-row">
        <span className="rs-label">{t('roster.batch.note')}</span>
        <input ref={first} className="rs-input rs-note" value={note} maxLength={500} placeholder={t('roster.batch.notePlaceholder')} onChange={(e) => setNote(e.target.value)} />
      </label>
      {error && refusedBySome(error) ? (
        <div className="error-note" role="alert" data-testid="batch-refused">
          {t('roster.batch.refused', { count: refusedBySome(error)!.length, channel: t(`today.channel.${channel}`), names: namesOf(error, t) })}{' '}
          <button
            type="button"
            className="link"
            onClick={() => {
              onLeaveOut(refusedBySome(error)!);
              setError(null);
            }}
            data-testid="batch-leave-out"
          >
            {t('roster.batch.leaveOut')}
          </button>
        </div>
      ) : (
        error && <ErrorNote error={error} />
      )}
      <div className="rs-form-row">
        <button type="submit" className="primary" disabled={saving} data-testid="batch-save">
          {t('roster.batch.save')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('roster.batch.cancel')}
        </button>
      </div>
    </form>
  );
}
