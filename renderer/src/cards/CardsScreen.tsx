import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeskError } from '../../../shared/api/result';
import type { CardItem, CardTarget } from '../../../shared/domain/cards';
import type { Staff } from '../../../shared/domain/types';
import { desk } from '../desk/connect';
import { useLiveQuery, useSubmit } from '../points/live';
import { useNav } from '../state/nav';
import { useSession } from '../state/session';
import { ErrorNote } from '../ui/ErrorNote';
import { TierBadge } from '../ui/TierBadge';
import { CardPrompts, OccasionDate, occasionText } from './CardFacts';
import { dayLabel, plusDays } from './dates';
import { cardWay, nextActions } from './delivery';
import { skipReasonText } from './skip-reason';
import { fullAddress, useCardsFilter } from './filter';
import './cards.css';

/** How many cards are drawn at first; more as the list is scrolled (a week can hold hundreds). */
const PAGE = 40;
/** How many cards are fetched at a time (with their customers' facts); more on request. */
const FETCH = 200;

/** The handwritten-card queue: mine (a manager: everyone's or one advisor's), overdue first, by write-by date. */
export function CardsScreen() {
  const { t } = useTranslation();
  const me = useSession((s) => s.staff);
  const go = useNav((s) => s.go);
  const isManager = me?.role === 'manager';
  const filter = useCardsFilter();
  // One advisor's cards are a manager's filter; an advisor's queue is their own whatever was left set.
  const advisorId = isManager ? filter.advisorId : '';
  const { include, set: setFilter } = filter;
  const [staff, setStaff] = useState<Staff[]>([]);
  useEffect(() => {
    if (!isManager) return;
    void desk.staff.list({}).then((r) => r.ok && setStaff(r.value.filter((s) => s.active)));
  }, [isManager]);

  const [limit, setLimit] = useState(FETCH);
  useEffect(() => setLimit(FETCH), [advisorId, include]);
  const { live, reload } = useLiveQuery(
    () => desk.cards.queue({ ...(advisorId ? { advisorId } : {}), include, limit }),
    `${advisorId}|${include}|${limit}`,
    ['card_reminders', 'customers', 'preferences', 'family_members'],
    { keepWhileLoading: true },
  );

  const today = live.state === 'ok' ? live.value.today : null;
  return (
    <section className="screen cards-screen" data-testid="cards-screen">
      <header className="cards-header">
        <div>
          <h1>{t('cards.title')}</h1>
          <p className="muted cards-subtitle">{t('cards.subtitle')}</p>
        </div>
        <div className="cards-tools">
          {isManager && (
            <label className="cards-filter">
              <span>{t('cards.advisor')}</span>
              <select value={advisorId} onChange={(e) => setFilter({ advisorId: e.target.value })} data-testid="cards-advisor">
                <option value="">{t('cards.allAdvisors')}</option>
                {staff.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label className="cards-filter">
            <span>{t('cards.show')}</span>
            <select value={include} onChange={(e) => setFilter({ include: e.target.value as 'open' | 'all' })}>
              <option value="open">{t('cards.showOpen')}</option>
              <option value="all">{t('cards.showAll')}</option>
            </select>
          </label>
          <button
            className="primary"
            disabled={!today}
            title={t('cards.printHint')}
            onClick={() => today && go({ screen: 'cardsPrint', from: plusDays(today, -7), to: plusDays(today, 6) })}
            data-testid="cards-print"
          >
            {t('cards.print')}
          </button>
        </div>
      </header>
      {live.state === 'loading' && <p className="muted">{t('common.loading')}</p>}
      {live.state === 'error' && <ErrorNote error={live.error} />}
      {live.state === 'ok' && (
        <Queue items={live.value.items} today={live.value.today} total={live.value.total} truncated={live.value.truncated} onChanged={reload} onMore={() => setLimit((n) => n + FETCH)} />
      )}
    </section>
  );
}

function Queue({ items, today, total, truncated, onChanged, onMore }: { items: CardItem[]; today: string; total: number; truncated: boolean; onChanged: () => void; onMore: () => void }) {
  const { t, i18n } = useTranslation();
  const [shown, setShown] = useState(PAGE);
  const more = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = more.current;
    if (!el) return;
    const io = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && setShown((n) => n + PAGE), { rootMargin: '600px' });
    io.observe(el);
    return () => io.disconnect();
  }, [items, shown]);

  if (items.length === 0) {
    return (
      <div className="empty-state" data-testid="cards-empty">
        <p>{t('cards.empty')}</p>
      </div>
    );
  }
  const groups: { key: string; label: string; overdue: boolean; cards: CardItem[] }[] = [];
  for (const card of items.slice(0, shown)) {
    const overdue = card.dueDate < today && (card.status === 'to_write' || card.status === 'written');
    const key = overdue ? 'overdue' : card.dueDate;
    let g = groups.find((x) => x.key === key);
    if (!g) {
      const label = overdue ? t('cards.overdue') : card.dueDate === today ? `${t('cards.today')} · ${dayLabel(card.dueDate, i18n.language)}` : dayLabel(card.dueDate, i18n.language);
      groups.push((g = { key, label, overdue, cards: [] }));
    }
    g.cards.push(card);
  }
  return (
    <div className="cards-queue">
      <p className="muted cards-count">
        {t('cards.count', { count: total })}
        {truncated && ` · ${t('cards.truncated', { count: items.length })}`}
      </p>
      {groups.map((g) => (
        <section key={g.key} className={g.overdue ? 'cards-group overdue' : 'cards-group'} aria-label={g.label}>
          <h2 className="cards-group-title">
            {g.label} <span className="muted">{g.cards.length}</span>
          </h2>
          <ol className="cards-list">
            {g.cards.map((c) => (
              <CardRow key={c.id} card={c} onChanged={onChanged} />
            ))}
          </ol>
        </section>
      ))}
      {shown < items.length && <div ref={more} className="cards-more muted">{t('common.loading')}</div>}
      {shown >= items.length && truncated && (
        <div className="cards-more">
          <button onClick={onMore} data-testid="cards-more">
            {t('cards.loadMore', { count: Math.min(FETCH, total - items.length) })}
          </button>
        </div>
      )}
    </div>
  );
}

function CardRow({ card, onChanged }: { card: CardItem; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const go = useNav((s) => s.go);
  const submit = useSubmit();
  const [skipping, setSkipping] = useState(false);
  const [reason, setReason] = useState('');
  const reasonInput = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (skipping) reasonInput.current?.focus();
  }, [skipping]);

  const move = async (status: CardTarget, why?: string) => {
    const r = await submit.run(() => desk.cards.setStatus({ id: card.id, status, ...(why !== undefined ? { reason: why } : {}) }));
    if (r) {
      setSkipping(false);
      onChanged();
    }
  };
  const onSkip = (e: FormEvent) => {
    e.preventDefault();
    void move('skipped', reason);
  };
  const open = card.status === 'to_write' || card.status === 'written';
  const way = cardWay(card).way;

  return (
    <li className={`card-row status-${card.status}`} data-testid="card-row" data-card={card.id}>
      <div className="card-main">
        <div className="card-title">
          <button className="link card-name" onClick={() => go({ screen: 'customer', customerId: card.customerId })}>
            {card.customerName}
          </button>
          <TierBadge tier={card.tier} />
          <span className="card-occasion">{occasionText(card, t)}</span>
          <OccasionDate card={card} />
        </div>
        <div className="card-sub muted">
          <span>{t('cards.dueOn', { date: dayLabel(card.dueDate, i18n.language, false) })}</span>
          {card.advisorName && <span>· {card.advisorName}</span>}
          <span>· {fullAddress(card) ?? t('cards.noAddress')}</span>
        </div>
        {open && <DeliveryNote card={card} />}
        <div className="card-mention">
          <span className="card-mention-label">{t('cards.mention')}</span>
          <CardPrompts card={card} />
        </div>
      </div>
      <div className="card-side">
        <span className={`card-status s-${card.status}`} data-testid="card-status">
          {card.status === 'written' && way === 'handOver' ? t('cards.writtenHandOver') : t(`cards.status.${card.status}`)}
        </span>
        {/* 'lapsed' is the planner's (the occasion passed unwritten), not words a person typed. */}
        {card.status === 'skipped' && card.skipReason && <span className="muted card-skip-why">{skipReasonText(card.skipReason, t)}</span>}
        {open && !skipping && (
          <div className="card-actions">
            {nextActions(card).map((s, i) => (
              <button key={s} className={i === 0 ? 'primary' : ''} disabled={submit.saving} onClick={() => void move(s)} data-action={s}>
                {t(`cards.action.${s}`)}
              </button>
            ))}
            <button className="link" onClick={() => setSkipping(true)} data-action="skip">
              {t('cards.action.skip')}
            </button>
          </div>
        )}
        {skipping && (
          <form className="card-skip" onSubmit={onSkip} onKeyDown={(e) => e.key === 'Escape' && (e.stopPropagation(), setSkipping(false))} noValidate>
            <label>
              <span>{t('cards.skipReason')}</span>
              <input ref={reasonInput} value={reason} maxLength={200} placeholder={t('cards.skipPlaceholder')} onChange={(e) => setReason(e.target.value)} aria-invalid={submit.error?.details?.field === 'reason'} />
            </label>
            <div className="card-actions">
              <button type="submit" className="primary" disabled={submit.saving}>
                {t('cards.action.confirmSkip')}
              </button>
              <button type="button" onClick={() => setSkipping(false)}>
                {t('cards.action.cancel')}
              </button>
            </div>
          </form>
        )}
        <CardError error={submit.error} />
      </div>
    </li>
  );
}

/** Why a card may not go by post (consent, no address), or not at all (do not contact). */
function DeliveryNote({ card }: { card: CardItem }) {
  const { t } = useTranslation();
  const way = cardWay(card);
  if (way.way === 'mail') return null;
  return (
    <p className={`card-delivery ${way.way === 'handOver' ? 'hand-over' : 'none'}`} data-testid="card-delivery">
      {t(`cards.delivery.${way.reason}`)}
    </p>
  );
}

function CardError({ error }: { error: DeskError | null }) {
  const { t } = useTranslation();
  if (!error) return null;
  if (error.code === 'validation' && error.details?.field === 'reason') return <span className="card-error" role="alert">{t('cards.skipNeedsReason')}</span>;
  if (error.code === 'conflict') return <span className="card-error" role="alert">{t('cards.conflict')}</span>;
  return <ErrorNote error={error} />;
}
