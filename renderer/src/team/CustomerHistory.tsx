import { useTranslation } from 'react-i18next';
import type { CustomerHistoryEntry } from '../../../shared/api/areas/team';
import { desk } from '../desk/connect';
import { useNav } from '../state/nav';
import { useLive } from '../today/use-today';
import { ErrorNote } from '../ui/ErrorNote';
import { formatInstantDate } from '../ui/format';

const TOKEN_KEYS = ['today.channel', 'today.outcome', 'rules.title', 'team.history.status', 'today.skipReason'];

/** A history summary ("call · reached · 周六来保养") in words: each code the UI knows translated, the rest (notes) as written. */
function summaryText(e: CustomerHistoryEntry, t: (k: string, o?: Record<string, unknown>) => string, exists: (k: string) => boolean): string {
  if (e.kind === 'assignment') return e.summary;
  return e.summary
    .split(' · ')
    .map((token) => {
      const key = TOKEN_KEYS.map((prefix) => `${prefix}.${token}`).find((k) => exists(k));
      return key ? t(key) : token;
    })
    .join(' · ');
}

/** One customer's history for the manager: advisor changes with their reasons, follow-ups, tasks done or skipped. */
export function CustomerHistory({ customerId, onClose }: { customerId: string; onClose(): void }) {
  const { t, i18n } = useTranslation();
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
              <span className="tm-entry-date">{formatInstantDate(e.at)}</span>
              <span className="tm-entry-kind">{t(`team.history.kind.${e.kind}`)}</span>
              <span className="tm-entry-text">
                {e.assignment && (
                  <strong>
                    {e.assignment.fromAdvisorName ?? t('team.history.nobody')} → {e.assignment.toAdvisorName ?? '—'}
                    {' · '}
                  </strong>
                )}
                {summaryText(e, t, (k) => i18n.exists(k))}
              </span>
              <span className="tm-entry-who muted">{e.staffName ?? ''}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
