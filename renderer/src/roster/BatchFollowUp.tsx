import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeskError } from '../../../shared/api/result';
import { TASK_OUTCOMES, type TaskOutcome } from '../../../shared/domain/tasks';
import { CHANNELS, type Channel } from '../../../shared/domain/types';
import { desk } from '../desk/connect';
import { ErrorNote } from '../ui/ErrorNote';

/** One follow-up logged for every selected customer, in one transaction. */
export function BatchFollowUp({ ids, onCancel, onDone }: { ids: string[]; onCancel(): void; onDone(n: number): void }) {
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
          <button type="button" key={c} className={c === channel ? 'rs-chip active' : 'rs-chip'} aria-pressed={c === channel} onClick={() => setChannel(c)}>
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
      {error && <ErrorNote error={error} />}
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
