import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttentionItem, SyncStatus } from '../../../shared/api/areas/sync';
import type { DeskError } from '../../../shared/api/result';
import { desk } from '../desk/connect';
import { storeTime } from '../points/live';
import { useSession } from '../state/session';
import { ErrorNote } from '../ui/ErrorNote';
import { AcceptRefused } from './AcceptRefused';
import { refusalWords } from './refusal-words';
import { useSyncStatus } from './use-sync-status';
import { Reconnect } from './Reconnect';
import './sync.css';

function AttentionRow({ item, onResolved }: { item: AttentionItem; onResolved: (s: SyncStatus) => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<DeskError | null>(null);
  const known = t(`sync.code.${item.code}`, { defaultValue: '' }) !== '';
  const params = { ...item.args, ...item.details, name: item.name, message: item.message };
  return (
    <li className="sync-attention-item">
      <div>
        {/* The change in words (the API's own name, e.g. tasks.skip, meant nothing to an advisor). */}
        <strong>{t([`sync.what.${item.name}`, 'sync.what.other'], params)}</strong>
        {!item.undone && <span className="muted">{t('sync.notUndone')}</span>}
        <p>{known ? t(`sync.code.${item.code}`, params) : t('sync.code.other', params)}</p>
        {error && <ErrorNote error={error} />}
      </div>
      <button
        onClick={async () => {
          const r = await desk.sync.resolve({ id: item.id });
          if (r.ok) onResolved(r.value);
          else setError(r.error);
        }}
      >
        {t('sync.handled')}
      </button>
    </li>
  );
}

/** Sync & Settings: online or not, last successful sync, pending changes, Sync now, needs attention. */
export function SyncPanel() {
  const { t } = useTranslation();
  const timezone = useSession((s) => s.setup?.store?.timezone);
  const [status, setStatus] = useSyncStatus();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<DeskError | null>(null);
  if (!status) return <section className="panel sync-panel" aria-busy />;
  const when = (iso: string | null) => (iso ? storeTime(iso, timezone) : t('sync.never'));
  const help = t(`sync.stateHelp.${status.state}`, { defaultValue: '', ...(status.refusal ? refusalWords(status.refusal, t) : {}) });

  return (
    <section className="panel sync-panel" data-testid="sync-panel">
      <h2>{t('sync.title')}</h2>
      <p className={`sync-state sync-state-${status.state}`} role="status">
        <span className="sync-dot" aria-hidden /> {t(`sync.state.${status.state}`)}
      </p>
      {help && <p className="muted">{help}</p>}
      {status.state === 'refused' && status.refusal && <AcceptRefused refusal={status.refusal} onStatus={setStatus} />}
      {(status.state === 'unauthorized' || status.movedTo !== null) && <Reconnect pending={status.pending} movedTo={status.movedTo} onStatus={setStatus} />}
      {status.connected && (
        <dl className="sync-facts">
          <dt>{t('sync.hqUrl')}</dt>
          <dd className="sync-url">{breakableUrl(status.hqUrl)}</dd>
          <dt>{t('sync.lastSuccess')}</dt>
          <dd data-testid="sync-last-success">{when(status.lastSuccessAt)}</dd>
          {(status.state === 'offline' || status.state === 'failing') && status.nextAttemptAt && (
            <>
              <dt>{t('sync.nextAttempt')}</dt>
              <dd>{when(status.nextAttemptAt)}</dd>
            </>
          )}
          <dt>{t('sync.pending')}</dt>
          <dd data-testid="sync-pending">{t('sync.pendingCount', { count: status.pending })}</dd>
        </dl>
      )}
      {status.connected && status.state !== 'unauthorized' && (
        <button
          className="primary"
          disabled={busy || status.state === 'syncing'}
          onClick={async () => {
            setBusy(true);
            setError(null);
            const r = await desk.sync.syncNow({});
            setBusy(false);
            if (r.ok) setStatus(r.value);
            else setError(r.error);
          }}
        >
          {busy || status.state === 'syncing' ? t('sync.syncing') : t('sync.syncNow')}
        </button>
      )}
      {error && <ErrorNote error={error} />}
      {(status.connected || status.attention.length > 0) && (
        <>
          <h3>{t('sync.attention')}</h3>
          {status.attention.length === 0 ? (
            <p className="muted">{t('sync.attentionNone')}</p>
          ) : (
            <>
              <p className="muted">{t('sync.attentionIntro')}</p>
              <ul className="sync-attention">
                {status.attention.map((item) => (
                  <AttentionRow key={item.id} item={item} onResolved={setStatus} />
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </section>
  );
}

/** An address that wraps after its separators (':', '/', '.'), never inside a port number or a name part. */
function breakableUrl(url: string | null) {
  if (!url) return url;
  return url.split(/(?<=[:/.])/).map((part, i) => (
    <Fragment key={i}>
      {part}
      <wbr />
    </Fragment>
  ));
}
