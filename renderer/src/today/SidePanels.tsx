import { useTranslation } from 'react-i18next';
import type { RiskCustomer, TodayOccasion, TodayView } from '../../../shared/domain/today';
import { useNav } from '../state/nav';
import { TierBadge } from '../ui/TierBadge';
import { formatLunarOf } from '../ui/format';
import { riskReason } from './reasons';

function CustomerCell({ c }: { c: RiskCustomer['customer'] }) {
  const go = useNav((s) => s.go);
  return (
    <span className="cust-cell">
      <button className="customer-link" onClick={() => go({ screen: 'customer', customerId: c.id })}>
        {c.name}
      </button>
      <TierBadge tier={c.tier} />
      {c.plate && <span className="plate">{c.plate}</span>}
    </span>
  );
}

export function RiskPanel({ view }: { view: TodayView }) {
  const { t } = useTranslation();
  const go = useNav((s) => s.go);
  const shown = view.risk.shown.slice(0, 12);
  return (
    <section className="panel" data-testid="risk-panel">
      <div className="side-head">
        <h2>{t('today.risk.title')}</h2>
        <span className="muted td-small">{t('today.risk.counts', { red: view.risk.red.toLocaleString(), yellow: view.risk.yellow.toLocaleString() })}</span>
      </div>
      {shown.length === 0 && <p className="muted">{t('today.risk.none')}</p>}
      <ul className="side-list">
        {shown.map((r) => (
          <li key={r.customer.id} data-testid="risk-customer">
            <span className={`dot dot-${r.flag}`} aria-label={t(`today.risk.${r.flag}`)} />
            <div>
              <CustomerCell c={r.customer} />
              <div className="muted td-small">{r.reasons.map((x) => riskReason(x, t)).join(t('today.reasonSep'))}</div>
            </div>
          </li>
        ))}
      </ul>
      {view.risk.red + view.risk.yellow > shown.length && (
        <button className="link-button" onClick={() => go({ screen: 'customers' })}>
          {t('today.risk.more')} →
        </button>
      )}
    </section>
  );
}

function OccasionLine({ o }: { o: TodayOccasion }) {
  const { t, i18n } = useTranslation();
  return (
    <li data-testid="occasion">
      <span className="occ-date">{o.occasionDate.slice(5)}</span>
      <div>
        <CustomerCell c={o.customer} />
        <div className="td-small">
          {t(`today.occasions.kind.${o.occasion}`)}
          {o.lunarLabel && <span className="lunar"> · {t('today.occasions.lunar', { label: formatLunarOf(o.occasionDate, i18n.language) })}</span>}
          <span className="muted"> · {t(`today.occasions.status.${o.status}`)}</span>
        </div>
      </div>
    </li>
  );
}

export function OccasionsPanel({ view }: { view: TodayView }) {
  const { t } = useTranslation();
  const shown = view.occasions.slice(0, 10);
  return (
    <section className="panel" data-testid="occasions-panel">
      <h2>{t('today.occasions.title')}</h2>
      {view.occasionCount === 0 && <p className="muted">{t(view.planning ? 'today.planningShort' : 'today.occasions.none')}</p>}
      <ul className="side-list">
        {shown.map((o) => (
          <OccasionLine key={o.cardId} o={o} />
        ))}
      </ul>
      {view.occasionCount > shown.length && <p className="muted td-small">{t('today.occasions.more', { count: view.occasionCount - shown.length })}</p>}
    </section>
  );
}

export function CardsPanel({ view }: { view: TodayView }) {
  const { t } = useTranslation();
  const go = useNav((s) => s.go);
  const shown = view.cardsToWrite.slice(0, 6);
  return (
    <section className="panel" data-testid="cards-panel">
      <div className="side-head">
        <h2>{t('today.cards.title')}</h2>
        {view.cardsToWriteCount > 0 && <span className="muted td-small">{t('today.cards.count', { count: view.cardsToWriteCount })}</span>}
      </div>
      {view.cardsToWriteCount === 0 && <p className="muted">{t(view.planning ? 'today.planningShort' : 'today.cards.none')}</p>}
      <ul className="side-list">
        {shown.map((o) => (
          <li key={o.cardId}>
            <span className="occ-date">{o.occasionDate.slice(5)}</span>
            <div>
              <CustomerCell c={o.customer} />
              <div className="td-small">
                {t(`today.occasions.kind.${o.occasion}`)} ·{' '}
                {o.dueDate < view.today ? (
                  <span className="overdue" data-testid="card-late">{t('today.cards.late', { date: o.dueDate.slice(5) })}</span>
                ) : (
                  <span className="muted">{t('today.cards.writeBy', { date: o.dueDate.slice(5) })}</span>
                )}
              </div>
            </div>
          </li>
        ))}
      </ul>
      {view.cardsToWriteCount > 0 && (
        <button className="primary" onClick={() => go({ screen: 'cards' })} data-testid="go-cards">
          {t('today.cards.open')} →
        </button>
      )}
    </section>
  );
}
