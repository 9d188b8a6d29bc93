import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Customer360 } from '../../../shared/domain/customer360';
import { BookingPanel } from '../appointments/BookingPanel';
import { PointsPanel } from '../points/PointsPanel';
import { ErrorNote } from '../ui/ErrorNote';
import { formatBirthday } from '../ui/format';
import { TierBadge } from '../ui/TierBadge';
import { ConsentPanel, consentSummary } from './ConsentPanel';
import { FamilyPanel } from './FamilyPanel';
import { FeedbackPanel } from './FeedbackPanel';
import { FollowUpDialog } from './FollowUpDialog';
import { FollowUpsPanel } from './FollowUpsPanel';
import { PreferencesPanel } from './PreferencesPanel';
import { riskReasonText, StatusPanel } from './StatusPanel';
import { useCustomer360 } from './use-customer';
import { VehiclesPanel } from './VehiclesPanel';
import { VisitsPanel } from './VisitsPanel';
import { WorkPanel } from './WorkPanel';
import { isTyping } from '../ui/typing';
import './customer.css';

/**
 * Customer 360, opened from search or any list. Preferences first (what to prepare before they
 * arrive), then tier and risk; two columns. Keyboard: L logs a follow-up, P notes a preference.
 */
export function CustomerView({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const { loaded, reload } = useCustomer360(customerId);
  const [logging, setLogging] = useState(false);
  const [prefFocus, setPrefFocus] = useState(0);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target) || logging) return;
      const key = e.key.toLowerCase();
      if (key === 'l') {
        e.preventDefault();
        setLogging(true);
      } else if (key === 'p') {
        e.preventDefault();
        setPrefFocus((n) => n + 1);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [logging]);

  if (loaded.state === 'loading') return <p className="muted screen">{t('customer.loading')}</p>;
  if (loaded.state === 'error') return <section className="screen"><ErrorNote error={loaded.error} /></section>;
  const c = loaded.value;
  return (
    <section className="screen customer c360" data-testid="customer-view">
      <CustomerHeader c={c} onLog={() => setLogging(true)} />
      <div className="c360-grid">
        <div className="c360-col">
          <PreferencesPanel customerId={c.id} preferences={c.preferences} focusSignal={prefFocus} onChanged={reload} />
          <StatusPanel c={c} />
          <FollowUpsPanel followUps={c.followUps} autoMessages={c.autoMessages} onLog={() => setLogging(true)} />
          <FeedbackPanel c={c} onChanged={reload} />
          <ConsentPanel c={c} onChanged={reload} />
          <VisitsPanel visits={c.visits} />
        </div>
        <div className="c360-col">
          <VehiclesPanel vehicles={c.vehicles} />
          <WorkPanel c={c} />
          <FamilyPanel c={c} />
          <PointsPanel customerId={c.id} />
          <BookingPanel customerId={c.id} />
        </div>
      </div>
      {logging && (
        <FollowUpDialog
          c={c}
          onClose={() => setLogging(false)}
          onSaved={() => {
            setLogging(false);
            reload();
          }}
        />
      )}
    </section>
  );
}

function CustomerHeader({ c, onLog }: { c: Customer360; onLog: () => void }) {
  const { t, i18n } = useTranslation();
  const consent = consentSummary(c, t);
  return (
    <header className="customer-header c360-header">
      <div className="c360-header-main">
        <div className="customer-title">
          <h1>{c.name}</h1>
          <TierBadge tier={c.tier} />
          <span className={`risk risk-${c.risk.flag}`} data-testid="risk-flag" title={t(`c360.status.riskAction.${c.risk.flag}`)}>
            <span className="risk-dot" aria-hidden />
            {t(`c360.status.risk.${c.risk.flag}`)}
            {c.risk.flag !== 'green' && c.risk.reasons.length > 0 && <span className="risk-why">{c.risk.reasons.map((r) => riskReasonText(r, t)).join(t('c360.semi'))}</span>}
          </span>
          {c.doNotContact && <span className="flag flag-stop">{t('customer.doNotContact')}</span>}
        </div>
        <dl className="facts">
          <div>
            <dt>{t('customer.phones')}</dt>
            <dd>{c.phones.join(' / ')}</dd>
          </div>
          <div>
            <dt>{t('customer.advisor')}</dt>
            <dd>{c.advisor?.name ?? t('customer.noAdvisor')}</dd>
          </div>
          {c.birthday && (
            <div>
              <dt>{t('customer.birthday')}</dt>
              <dd>
                {formatBirthday(c.birthday, t, i18n.language)}
                {c.nextBirthday && c.birthday.calendar === 'lunar' && <span className="muted"> · {t('c360.family.next', { date: c.nextBirthday.date })}</span>}
              </dd>
            </div>
          )}
          {c.memberSince && (
            <div>
              <dt>{t('customer.memberSince')}</dt>
              <dd>{c.memberSince}</dd>
            </div>
          )}
          <div>
            <dt>{t('customer.consent')}</dt>
            <dd className={consent.tone} data-testid="consent-summary">{consent.text}</dd>
          </div>
        </dl>
      </div>
      <div className="c360-actions">
        <button className="primary" onClick={onLog} data-testid="log-follow-up">
          {t('c360.logFollowUp')} <kbd>L</kbd>
        </button>
        <span className="muted c360-keys">{t('c360.shortcutHint')}</span>
      </div>
    </header>
  );
}
