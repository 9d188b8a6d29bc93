import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncStatus } from '../../../shared/api/areas/sync';
import type { DeskError } from '../../../shared/api/result';
import { desk } from '../desk/connect';
import { ErrorNote } from '../ui/ErrorNote';

/** HQ no longer takes this desk: a new enrolment code of the same store gets it back, nothing unsent lost. */
export function Reconnect({ pending, movedTo, onStatus }: { pending: number; movedTo: string | null; onStatus: (s: SyncStatus) => void }) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  // HQ answered from another address: that one, to confirm or correct.
  const [hqUrl, setHqUrl] = useState(movedTo ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<DeskError | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const r = await desk.sync.reconnect({ code, ...(movedTo !== null ? { hqUrl } : {}) });
    setBusy(false);
    if (r.ok) onStatus(r.value);
    else setError(r.error);
  }

  return (
    <form className="sync-connect" onSubmit={submit} data-testid="sync-reconnect">
      <p className="muted">{t(movedTo !== null ? 'sync.reconnect.movedIntro' : 'sync.reconnect.intro', { count: pending })}</p>
      {movedTo !== null && (
        <label>
          {t('sync.connect.hqUrl')}
          <input value={hqUrl} onChange={(e) => setHqUrl(e.target.value)} aria-invalid={error?.details?.field === 'hqUrl'} disabled={busy} />
        </label>
      )}
      <label>
        {t('sync.connect.code')}
        <input value={code} onChange={(e) => setCode(e.target.value)} placeholder={t('sync.connect.codePlaceholder')} aria-invalid={error?.details?.field === 'code'} disabled={busy} />
      </label>
      {error && (error.code === 'offline' ? <div className="error-note" role="alert">{t('sync.connect.unreachable')}</div> : <ErrorNote error={error} />)}
      <button type="submit" disabled={busy || code.trim() === ''}>
        {busy ? t('sync.connect.connecting') : t('sync.reconnect.submit')}
      </button>
    </form>
  );
}
