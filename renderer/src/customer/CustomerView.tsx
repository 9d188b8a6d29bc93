import { useTranslation } from 'react-i18next';
import type { CustomerDetail } from '../../../shared/domain/types';
import { BookingPanel } from '../appointments/BookingPanel';
import { desk } from '../desk/connect';
import { PointsPanel } from '../points/PointsPanel';
import { useDeskQuery } from '../desk/use-desk';
import { ErrorNote } from '../ui/ErrorNote';
import { formatBirthday } from '../ui/format';
import { TierBadge } from '../ui/TierBadge';
import { PreferencesPanel } from './PreferencesPanel';
import { VehiclesPanel } from './VehiclesPanel';
import { VisitsPanel } from './VisitsPanel';

export function CustomerView({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const loaded = useDeskQuery(() => desk.customers.get({ id: customerId }), [customerId]);
  if (loaded.state === 'loading') return <p className="muted screen">{t('customer.loading')}</p>;
  if (loaded.state === 'error') return <section className="screen"><ErrorNote error={loaded.error} /></section>;
  const c = loaded.value;
  return (
    <section className="screen customer" data-testid="customer-view">
      <CustomerHeader c={c} />
      <div className="customer-grid">
        <PreferencesPanel preferences={c.preferences} />
        <VehiclesPanel vehicles={c.vehicles} />
        <VisitsPanel visits={c.recentVisits} />
        <PointsPanel customerId={c.id} />
        <BookingPanel customerId={c.id} />
      </div>
    </section>
  );
}

function CustomerHeader({ c }: { c: CustomerDetail }) {
  const { t, i18n } = useTranslation();
  return (
    <header className="customer-header">
      <div className="customer-title">
        <h1>{c.name}</h1>
        <TierBadge tier={c.tier} />
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
            <dd>{formatBirthday(c.birthday, t, i18n.language)}</dd>
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
          <dd>{c.marketingConsent ? t('customer.consentYes') : t('customer.consentNo')}</dd>
        </div>
      </dl>
    </header>
  );
}
