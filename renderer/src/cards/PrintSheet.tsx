import { useTranslation } from 'react-i18next';
import type { CardItem } from '../../../shared/domain/cards';
import { desk } from '../desk/connect';
import { useLiveQuery } from '../points/live';
import { useNav } from '../state/nav';
import { useSession } from '../state/session';
import { ErrorNote } from '../ui/ErrorNote';
import { CardPrompts, OccasionDate, occasionText } from './CardFacts';
import { dayLabel } from './dates';
import { cardWay } from './delivery';
import { fullAddress, useCardsFilter } from './filter';
import './cards.css';

/**
 * A4 sheet of the cards to write between `from` and `to` (write-by dates): each card's recipient
 * and address (or, for a card that cannot be mailed, that it is handed over and why), the occasion
 * in solar and lunar form, the write-by date and what to mention.
 * Print styles hide the app's chrome; the browser's print dialog also saves it as a PDF.
 */
export function PrintSheet({ from, to, customerIds }: { from: string; to: string; customerIds?: string[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const back = useNav((s) => s.back);
  const { setup, staff } = useSession();
  // A manager prints the advisor chosen in the queue (everyone's when none is chosen); customers chosen in a
  // list are printed whoever's they are (the queue's filter on top of them made an empty sheet).
  const queueAdvisor = useCardsFilter((f) => (staff?.role === 'manager' ? f.advisorId : ''));
  const advisorId = customerIds ? '' : queueAdvisor;
  const { live } = useLiveQuery(
    () => desk.cards.queue({ from, to, include: 'open', limit: 3000, ...(advisorId ? { advisorId } : {}), ...(customerIds ? { customerIds } : {}) }),
    `${from}|${to}|${advisorId}|${customerIds?.join(',') ?? ''}`,
    ['card_reminders'],
  );
  const who = advisorId && live.state === 'ok' ? (live.value.items[0]?.advisorName ?? staff?.name ?? '') : (staff?.name ?? '');

  return (
    <section className="screen print-screen" data-testid="print-sheet">
      <div className="print-toolbar no-print">
        <button onClick={back}>← {t('cards.sheet.back')}</button>
        <button className="primary" onClick={() => window.print()} data-testid="print-button" disabled={live.state !== 'ok'}>
          {t('cards.sheet.printButton')}
        </button>
        <span className="muted">{t('cards.printHint')}</span>
      </div>
      {live.state === 'loading' && <p className="muted no-print">{t('common.loading')}</p>}
      {live.state === 'error' && <ErrorNote error={live.error} />}
      {live.state === 'ok' && live.value.truncated && <p className="sheet-warning no-print">{t('cards.sheetTruncated', { count: live.value.items.length })}</p>}
      {live.state === 'ok' && (
        <article className="a4-sheet">
          <header className="sheet-head">
            <h1>{t('cards.sheet.title', { from: dayLabel(from, lang, false), to: dayLabel(to, lang, false) })}</h1>
            <p className="muted">
              {t('cards.sheet.meta', { store: setup?.store?.name ?? '', who, count: live.value.items.length, today: live.value.today })}
            </p>
          </header>
          {live.value.items.length === 0 ? (
            <p className="sheet-empty">{t('cards.sheet.empty')}</p>
          ) : (
            live.value.items.map((c) => <SheetCard key={c.id} card={c} />)
          )}
        </article>
      )}
    </section>
  );
}

/** What can be ticked on paper for a card, by how it goes: a card that cannot be mailed has no "mailed" box. */
const CHECKS = {
  mail: ['cards.action.written', 'cards.action.mailed', 'cards.action.handed_over'],
  handOver: ['cards.action.written', 'cards.action.handed_over'],
  none: ['cards.status.skipped'],
} as const;

function SheetCard({ card }: { card: CardItem }) {
  const { t, i18n } = useTranslation();
  const way = cardWay(card);
  // Only a card that may be mailed has a recipient's address; otherwise the sheet says to hand it over (or not to send it) and why.
  return (
    <section className={`sheet-card way-${way.way}`} data-testid="sheet-card" data-card={card.id}>
      <div className="sheet-card-top">
        <div className="sheet-recipient">
          <span className="sheet-label">{t(way.way === 'mail' ? 'cards.sheet.recipient' : way.way === 'handOver' ? 'cards.sheet.handOver' : 'cards.sheet.noContact')}</span>
          <strong className="sheet-name">{card.customerName}</strong>
          {way.way === 'mail' ? (
            <span className="sheet-address">{fullAddress(card)}</span>
          ) : (
            <span className="sheet-delivery" data-testid="sheet-delivery">
              {t(`cards.delivery.${way.reason}`)}
            </span>
          )}
        </div>
        <div className="sheet-occasion">
          <strong>{occasionText(card, t)}</strong>
          <OccasionDate card={card} />
          <span className="sheet-due">
            <span className="sheet-label">{t('cards.writeBy')}</span> {dayLabel(card.dueDate, i18n.language)}
          </span>
        </div>
      </div>
      <div className="sheet-mention">
        <span className="sheet-label">{t('cards.mention')}</span>
        <CardPrompts card={card} />
      </div>
      <div className="sheet-check" aria-hidden>
        {CHECKS[way.way].map((key) => (
          <span key={key}>☐ {t(key)}</span>
        ))}
      </div>
    </section>
  );
}
