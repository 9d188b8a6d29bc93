import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeskError } from '../../../shared/api/result';
import { desk } from '../desk/connect';
import { useSession } from '../state/session';
import { ErrorNote } from '../ui/ErrorNote';
import { formatNumber } from '../ui/format';
import { useSyncStatus } from './use-sync-status';
import './sync.css';

/** First run: HQ's address and an enrolment code; then the initial sync's progress until the store is here. */
export function ConnectHq({ disabled }: { disabled?: boolean }) {
  const { t, i18n } = useTranslation();
  const setSession = useSession((s) => s.set);
  const [status] = useSyncStatus();
  const [hqUrl, setHqUrl] = useState('');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<DeskError | null>(null);

  const connected = status?.connected ?? false;
  const initial = status?.initial ?? null;
  const finished = connected && initial === null && status?.state === 'idle' && status.lastSuccessAt !== null;
  useEffect(() => {
    if (!finished) return;
    void desk.setup.status({}).then((r) => {
      if (r.ok && r.value.hasStore) setSession({ setup: r.value });
    });
  }, [finished, setSession]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const r = await desk.sync.connect({ hqUrl, code });
    setBusy(false);
    if (!r.ok) setError(r.error);
  }

  if (connected) {
    const total = Math.max(initial?.total ?? 0, initial?.applied ?? 0);
    const applied = initial?.applied ?? total;
    return (
      <div className="sync-initial" data-testid="sync-initial">
        <p>{finished ? t('sync.connect.done') : t('sync.connect.initial')}</p>
        {/* Until HQ has said how many rows there are, the bar runs without a figure. */}
        {total > 0 || finished ? <progress max={total || 1} value={finished ? total || 1 : applied} /> : <progress />}
        <p className="muted">
          {total > 0 ? t('sync.connect.initialCount', { applied: formatNumber(applied, i18n.language), total: formatNumber(total, i18n.language) }) : t('sync.connect.initialStarting')}
        </p>
        {(status?.state === 'offline' || status?.state === 'failing') && <p className="muted">{t('sync.connect.initialOffline')}</p>}
      </div>
    );
  }

  const field = error?.details?.field;
  return (
    <form className="sync-connect" onSubmit={submit}>
      <label>
        {t('sync.connect.hqUrl')}
        <input value={hqUrl} onChange={(e) => setHqUrl(e.target.value)} placeholder={t('sync.connect.hqUrlPlaceholder')} aria-invalid={field === 'hqUrl'} disabled={disabled || busy} />
      </label>
      {error && field === 'hqUrl' && (error.code === 'offline' ? <div className="error-note" role="alert">{t('sync.connect.unreachable')}</div> : <ErrorNote error={error} />)}
      <label>
        {t('sync.connect.code')}
        <input value={code} onChange={(e) => setCode(e.target.value)} placeholder={t('sync.connect.codePlaceholder')} aria-invalid={field === 'code'} disabled={disabled || busy} />
      </label>
      {error && field !== 'hqUrl' && <ErrorNote error={error} />}
      <button type="submit" disabled={disabled || busy}>
        {busy ? t('sync.connect.connecting') : t('sync.connect.submit')}
      </button>
    </form>
  );
}
