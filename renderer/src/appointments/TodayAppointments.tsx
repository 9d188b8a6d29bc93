import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StoreDayView } from '../../../shared/domain/store-day';
import type { SearchHit } from '../../../shared/domain/types';
import { desk } from '../desk/connect';
import { useLiveQuery, useSubmit } from '../points/live';
import { useNav } from '../state/nav';
import { useSession } from '../state/session';
import { ErrorNote, errorText } from '../ui/ErrorNote';
import { formatInstantTime } from '../ui/format';
import { TierBadge } from '../ui/TierBadge';
import { BookingPanel, refusalText } from './BookingPanel';
import './appointments.css';

/** Today's appointments in time order, each customer's preferences up front so the coffee is ready. */
export function TodayAppointments() {
  const { t, i18n } = useTranslation();
  const go = useNav((s) => s.go);
  const { live, reload } = useLiveQuery(() => desk.appointments.today({}), 'today', ['appointments', 'preferences', 'customers']);
  const arrive = useSubmit();
  const [booking, setBooking] = useState(false);
  const day = useLiveQuery(() => desk.appointments.day({}), 'store-day', ['store_days']);
  const mark = useSubmit();
  const marked = day.live.state === 'ok' ? day.live.value : null;
  const umbrellas = marked?.umbrellas ?? false;

  return (
    <section className="panel today-appointments" data-testid="today-appointments">
      <div className="today-appt-head">
        <h2>
          {t('appointments.today.title')}
          {live.state === 'ok' && live.value.length > 0 && <span className="muted"> · {t('appointments.today.count', { count: live.value.length })}</span>}
        </h2>
        <div className="today-appt-tools">
          {marked && (
            <button
              className={marked.rainy ? 'rainy-toggle on' : 'rainy-toggle'}
              aria-pressed={marked.rainy}
              disabled={mark.saving}
              onClick={async () => (await mark.run(() => desk.appointments.markRainy({ rainy: !marked.rainy }))) && day.reload()}
              data-testid="mark-rainy"
            >
              {marked.rainy ? t('appointments.today.clearRainy') : t('appointments.today.markRainy')}
            </button>
          )}
          <button onClick={() => setBooking((b) => !b)} aria-expanded={booking} data-testid="book-for">
            + {t('appointments.today.bookFor')}
          </button>
        </div>
      </div>
      {marked && umbrellas && <RainyBanner day={marked} />}
      {mark.error && <ErrorNote error={mark.error} />}
      {booking && <BookFor onClose={() => setBooking(false)} onBooked={reload} />}
      {live.state === 'loading' && <p className="muted">{t('common.loading')}</p>}
      {live.state === 'error' && <ErrorNote error={live.error} />}
      {live.state === 'ok' && live.value.length === 0 && <p className="muted">{t('appointments.today.empty')}</p>}
      {live.state === 'ok' && live.value.length > 0 && (
        <ol className="today-appt-list">
          {live.value.map((a) => (
            <li key={a.id} className={`today-appt status-${a.status}`} data-testid="today-appointment">
              <span className="today-appt-time">{a.time}</span>
              <div className="today-appt-who">
                <div className="today-appt-name">
                  <button className="link" onClick={() => go({ screen: 'customer', customerId: a.customerId })}>
                    {a.customerName}
                  </button>
                  <TierBadge tier={a.tier} />
                  {a.plate && <span className="plate">{a.plate}</span>}
                  {a.model && <span className="muted">{a.model}</span>}
                </div>
                <div className="muted today-appt-note">
                  {a.advisorName && <span>{t('appointments.today.advisor', { name: a.advisorName })}</span>}
                  {a.note && <span> · {a.note}</span>}
                </div>
              </div>
              <div className="today-appt-prefs">
                {umbrellas && <span className="today-pref cat-umbrella">☂ {t('appointments.today.umbrella')}</span>}
                {a.preferences.length === 0 ? (
                  <span className="muted">{t('appointments.today.noPrefs')}</span>
                ) : (
                  [...a.preferences].sort((x, y) => Number(y.category === 'drink') - Number(x.category === 'drink')).slice(0, 4).map((p, i) => (
                    <span key={i} className={`today-pref cat-${p.category}`}>
                      <small>{t(`prefCategory.${p.category}`)}</small> {p.value}
                    </span>
                  ))
                )}
              </div>
              <div className="today-appt-actions">
                {a.status === 'arrived' ? (
                  <span className="today-arrived">✓ {t('appointments.today.arrived')}</span>
                ) : (
                  <button disabled={arrive.saving} onClick={async () => (await arrive.run(() => desk.appointments.arrive({ id: a.id }))) && reload()}>
                    {t('appointments.today.arrive')}
                  </button>
                )}
              </div>
            </li>
          ))}
        </ol>
      )}
      {arrive.error && <p className="booking-refusal" role="alert">{refusalText(arrive.error.details ?? {}, t, i18n.language) || errorText(arrive.error, t)}</p>}
    </section>
  );
}

/** A day marked rainy: umbrellas for every visitor (DOMAIN.md surprise moments), and who marked it. */
function RainyBanner({ day }: { day: StoreDayView }) {
  const { t } = useTranslation();
  const timezone = useSession((s) => s.setup?.store?.timezone);
  const time = day.markedAt ? formatInstantTime(day.markedAt, timezone) : '';
  return (
    <p className="rainy-banner" role="status" data-testid="rainy-banner">
      <span aria-hidden>☂</span> {t('appointments.today.rainyBanner')}
      {day.markedBy && <span className="muted"> · {t('appointments.today.markedBy', { name: day.markedBy.name, time })}</span>}
    </p>
  );
}

/** From Today: find the customer, then the same booking panel as in the customer view. */
function BookFor({ onClose, onBooked }: { onClose: () => void; onBooked: () => void }) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<SearchHit[]>([]);
  const [customer, setCustomer] = useState<SearchHit | null>(null);
  useEffect(() => {
    if (!query.trim()) return setHits([]);
    let current = true;
    void desk.customers.search({ query: query.trim(), limit: 6 }).then((r) => current && r.ok && setHits(r.value));
    return () => {
      current = false;
    };
  }, [query]);
  return (
    <div className="book-for" onKeyDown={(e) => e.key === 'Escape' && (e.stopPropagation(), onClose())}>
      {customer ? (
        <>
          <div className="book-for-who">
            <strong>{customer.name}</strong> <TierBadge tier={customer.tier} /> {customer.plates[0] && <span className="plate">{customer.plates[0]}</span>}
            <button className="link" onClick={() => setCustomer(null)}>
              {t('points.change')}
            </button>
            <button className="link" onClick={onClose}>
              {t('appointments.today.close')}
            </button>
          </div>
          <BookingPanel customerId={customer.id} onBooked={onBooked} />
        </>
      ) : (
        <>
          <input autoFocus className="book-for-search" value={query} placeholder={t('appointments.today.bookForPlaceholder')} onChange={(e) => setQuery(e.target.value)} aria-label={t('appointments.today.bookFor')} />
          {hits.length > 0 && (
            <ul className="points-hits">
              {hits.map((h) => (
                <li key={h.id}>
                  <button onClick={() => setCustomer(h)}>
                    <strong>{h.name}</strong> <TierBadge tier={h.tier} /> <span className="muted">{h.phone}</span> {h.plates[0] && <span className="plate">{h.plates[0]}</span>}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}
