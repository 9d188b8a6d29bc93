import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncStatus } from '../../../shared/api/areas/sync';
import { refusalWords } from './refusal-words';
import type { DeskError } from '../../../shared/api/result';
import { desk } from '../desk/connect';
import { useSession } from '../state/session';
import { ErrorNote } from '../ui/ErrorNote';

/**
 * Refused state (the mass-delete guard): a manager may accept exactly the refused page (two steps:
 * the button, then a confirmation naming the table and count); the next pull applies it.
 */
export function AcceptRefused({ refusal, onStatus }: { refusal: NonNullable<SyncStatus['refusal']>; onStatus: (s: SyncStatus) => void }) {
  const { t } = useTranslation();
  const role = useSession((s) => s.staff?.role);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<DeskError | null>(null);
  if (role !== 'manager') return <p className="muted">{t('sync.accept.managerOnly')}</p>;
  if (!confirming) {
    return (
      <button className="danger" onClick={() => setConfirming(true)}>
        {t('sync.accept.button')}
      </button>
    );
  }
  return (
    <div className="sync-accept" role="group">
      <p>{t('sync.accept.confirm', refusalWords(refusal, t))}</p>
      <button
        className="danger"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          setError(null);
          const r = await desk.sync.acceptRefused({ table: refusal.table, deletes: refusal.deletes });
          setBusy(false);
          if (r.ok) {
            setConfirming(false);
            onStatus(r.value);
          } else setError(r.error);
        }}
      >
        {t('sync.accept.yes')}
      </button>{' '}
      <button disabled={busy} onClick={() => setConfirming(false)}>
        {t('sync.accept.no')}
      </button>
      {error && <ErrorNote error={error} />}
    </div>
  );
}
