import { useTranslation } from 'react-i18next';
import { desk } from '../desk/connect';
import { useNav } from '../state/nav';
import { useLive } from '../today/use-today';
import { ErrorNote } from '../ui/ErrorNote';
import { useSession } from '../state/session';
import { formatInstantDate } from '../ui/format';
import { historyText } from './history-text';

/** One customer's history for the manager: advisor changes with their reasons, follow-ups, tasks done or skipped. */
export function CustomerHistory({ customerId, onClose }: { customerId: string; onClose(): void }) {
  const { t, i18n } = useTranslation();
  const timezone = useSession((s) => s.setup?.store?.timezone);
  const go = useNav((s) => s.go);
  const { live } = useLive(() => desk.team.customerHistory({ customerId }), customerId, ['customer_assignments', 'interactions', 'tasks', 'customers']);
  return (
    <section className="panel tm-history" data-testid="customer-history" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div className="tm-section-head">
        <h2>{live.state === 'ok' ? t('team.history.title', { name: live.value.name }) : t('team.history.loading')}</h2>
        {live.state === 'ok' && <span className="muted">{live.value.advisorName ? t('team.history.advisor', { name: live.value.advisorName }) : t('team.vip.never')}</span>}
        <span className="tm-actions">
          <button onClick={() => go({ screen: 'customer', customerId })}>{t('team.history.open')}</button>
          <button className="link" onClick={onClose} aria-label={t('team.history.close')}>
            ✕
          </button>
        </span>
      </div>
      {live.state === 'error' && <ErrorNote error={live.error} />}
      {live.state === 'ok' && live.value.entries.length === 0 && <p className="muted">{t('team.history.none')}</p>}
      {live.state === 'ok' && live.value.entries.length > 0 && (
        <ol className="tm-timeline">
          {live.value.entries.map((e, i) => (
            <li key={`${e.at}-${i}`} className={`tm-entry kind-${e.kind}`} data-testid="history-entry" data-kind={e.kind}>
              <span className="tm-entry-date">{formatInstantDate(e.at, timezone)}</span>
              <span className="tm-entry-kind">{t(`team.history.kind.${e.kind}`)}</span>
              <span className="tm-entry-text">
                {e.assignment && (
                  <strong>
                    {e.assignment.fromAdvisorName ?? t('team.history.nobody')} → {e.assignment.toAdvisorName ?? '—'}
                    {' · '}
                  </strong>
                )}
                {historyText(e, t, (k) => i18n.exists(k))}
              </span>
              <span className="tm-entry-who muted">{e.staffName ?? ''}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
