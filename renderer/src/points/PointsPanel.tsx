import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { splitActivityNote, type LedgerEntryView, type PointsAccount } from '../../../shared/domain/points-view';
import { FAMILY_RELATIONS, type FamilyRelation } from '../../../shared/domain/family';
import type { SearchHit } from '../../../shared/domain/types';
import type { HeldReading } from '../../../shared/domain/rules/points';
import { desk } from '../desk/connect';
import { ErrorNote } from '../ui/ErrorNote';
import { EarnButton, EarnErrorNote, escToCancel, FieldNote, FormButtons, OtherError } from './form-parts';
import { formatNumber, formatYuan } from '../ui/format';
import { useSession } from '../state/session';
import { ActivityForm, activityName } from './ActivityForm';
import { parseWhole, storeTime, useLiveQuery, useSubmit } from './live';
import './points.css';

type Mode = 'none' | 'redeem' | 'transfer' | 'activity';
/** Ledger entries shown at first; more on request (a ledger never shrinks). */
const LEDGER_PAGE = 20;

export function PointsPanel({ customerId }: { customerId: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [limit, setLimit] = useState(LEDGER_PAGE);
  const { live, reload } = useLiveQuery(() => desk.points.account({ customerId, limit }), `${customerId}|${limit}`, ['points_ledger', 'customers', 'visits', 'family_members'], { keepWhileLoading: true });
  const [mode, setMode] = useState<Mode>('none');
  const [done, setDone] = useState<string | null>(null);
  const earn = useSubmit();

  if (live.state === 'loading') return <section className="panel points-panel" data-testid="points"><h2>{t('points.title')}</h2><p className="muted">{t('common.loading')}</p></section>;
  if (live.state === 'error') return <section className="panel points-panel" data-testid="points"><h2>{t('points.title')}</h2><ErrorNote error={live.error} /></section>;
  const a = live.value;
  const finished = (message: string) => {
    setMode('none');
    setDone(message);
    reload();
  };

  return (
    <section className="panel points-panel" data-testid="points">
      <div className="points-head">
        <h2>{t('points.title')}</h2>
        <span className="muted points-rate">{t('points.rate', { value: formatYuan(1000 * a.redeemFenPerPoint, lang) })}</span>
        {a.pointsFrom && <span className="muted points-since">{t('points.since', { date: a.pointsFrom })}</span>}
      </div>
      <div className="points-balance">
        <span className="points-number" data-testid="points-balance">{formatNumber(a.balance, lang)}</span>
        <span className="points-worth">{t('points.worth', { value: formatYuan(a.valueFen, lang) })}</span>
        <span className="points-mult muted">{t('points.multiplier', { tier: t(`tier.${a.tier}`), m: a.multiplier })}</span>
      </div>
      {done && (
        <p className="points-done" role="status">
          {done}
        </p>
      )}

      {(a.earnable.length > 0 || a.referrals.length > 0) && (
        <div className="points-earn" data-testid="points-earn-list">
          <h3>{t('points.earnTitle')}</h3>
          <ul>
            {a.earnable.map((v) => (
              <li key={v.id}>
                <span>
                  {v.amountFen > 0 ? t('points.earnRow', { date: v.date, amount: formatYuan(v.amountFen, lang) }) : t('points.earnRowFree', { date: v.date })}
                  {v.mileagePoints > 0 && <span className="muted points-mileage"> · {t('points.earnMileage', { points: formatNumber(v.mileagePoints, lang) })}</span>}
                  {v.plate && <span className="plate points-plate">{v.plate}</span>}
                  {v.readingHeld && <ReadingHeldNote held={v.readingHeld} />}
                </span>
                <EarnButton testId={`earn-${v.id}`} points={v.points} saving={earn.saving} onEarn={() => earn.run(() => desk.points.earnVisit({ customerId, visitId: v.id }))} onDone={finished} />
              </li>
            ))}
            {a.referrals.map((r) => (
              <li key={r.id}>
                <span>{t('points.referralRow', { date: r.referredOn, name: r.name ?? t('points.someone') })}</span>
                <EarnButton testId={`earn-referral-${r.id}`} points={r.points} saving={earn.saving} onEarn={() => earn.run(() => desk.points.earnReferral({ customerId, referralId: r.id }))} onDone={finished} />
              </li>
            ))}
          </ul>
          {earn.error && <EarnErrorNote error={earn.error} />}
        </div>
      )}

      <div className="points-actions">
        <button className={mode === 'redeem' ? 'active' : ''} aria-expanded={mode === 'redeem'} onClick={() => { setDone(null); setMode(mode === 'redeem' ? 'none' : 'redeem'); }}>
          {t('points.redeem')}
        </button>
        <button className={mode === 'transfer' ? 'active' : ''} aria-expanded={mode === 'transfer'} onClick={() => { setDone(null); setMode(mode === 'transfer' ? 'none' : 'transfer'); }}>
          {t('points.transfer')}
        </button>
        {a.activities.length > 0 && (
          <button className={mode === 'activity' ? 'active' : ''} aria-expanded={mode === 'activity'} onClick={() => { setDone(null); setMode(mode === 'activity' ? 'none' : 'activity'); }}>
            {t('points.activity')}
          </button>
        )}
      </div>
      {mode === 'activity' && <ActivityForm account={a} onCancel={() => setMode('none')} onDone={finished} />}
      {mode === 'redeem' && <RedeemForm account={a} onCancel={() => setMode('none')} onDone={finished} />}
      {mode === 'transfer' && <TransferForm account={a} onCancel={() => setMode('none')} onDone={finished} />}

      <Ledger account={a} onMore={() => setLimit((n) => Math.min(500, n + 50))} />
    </section>
  );
}

/** Why a visit's kilometres earn nothing yet: its reading is further on than a car is driven in the days since. */
function ReadingHeldNote({ held }: { held: HeldReading }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <span className="points-held" data-testid="reading-held">
      {t('points.readingHeld', { count: held.days, km: formatNumber(held.km, lang), fromKm: formatNumber(held.from.km, lang), fromDate: held.from.date, more: formatNumber(held.km - held.from.km, lang) })}
    </span>
  );
}

function RedeemForm({ account, onCancel, onDone }: { account: PointsAccount; onCancel: () => void; onDone: (message: string) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [points, setPoints] = useState('');
  const [forWhat, setForWhat] = useState('');
  const submit = useSubmit();
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  const n = parseWhole(points);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const entry = await submit.run(() => desk.points.redeem({ customerId: account.customerId, points: n ?? Number.NaN, forWhat }));
    if (entry) onDone(t('points.done.redeem', { points: formatNumber(-entry.points, lang) }));
  }

  return (
    <form className="points-form" onSubmit={onSubmit} onKeyDown={escToCancel(onCancel)} data-testid="redeem-form" noValidate>
      <label>
        <span>{t('points.pointsLabel')}</span>
        <input ref={first} name="points" inputMode="numeric" value={points} placeholder={t('points.pointsPlaceholder')} onChange={(e) => setPoints(e.target.value)} aria-invalid={submit.error?.details?.field === 'points'} />
        {n !== null && n > 0 && <span className="muted points-preview">{t('points.redeemValue', { value: formatYuan(n * account.redeemFenPerPoint, lang) })}</span>}
        <FieldNote error={submit.error} field="points" />
      </label>
      <label>
        <span>{t('points.forWhat')}</span>
        <input name="forWhat" value={forWhat} maxLength={200} placeholder={t('points.forWhatPlaceholder')} onChange={(e) => setForWhat(e.target.value)} aria-invalid={submit.error?.details?.field === 'forWhat'} />
        <FieldNote error={submit.error} field="forWhat" />
      </label>
      <OtherError error={submit.error} fields={['points', 'forWhat']} />
      <FormButtons submit={t('points.confirmRedeem')} saving={submit.saving} onCancel={onCancel} />
    </form>
  );
}

/** Who the points go to: a customer of the store, found by search or among the family linked already. */
type Recipient = Pick<SearchHit, 'id' | 'name' | 'phone'> & { plate: string | null };

function TransferForm({ account, onCancel, onDone }: { account: PointsAccount; onCancel: () => void; onDone: (message: string) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<SearchHit[]>([]);
  const [to, setTo] = useState<Recipient | null>(null);
  const [relation, setRelation] = useState<FamilyRelation | ''>('');
  const [points, setPoints] = useState('');
  const [note, setNote] = useState('');
  // Points go to family only: one linked already needs nothing more; anyone else, the relation the advisor names (then linked).
  const linked = to ? account.family.find((f) => f.customerId === to.id) : undefined;
  const choose = (r: Recipient) => {
    setTo(r);
    setRelation('');
    submit.setError(null);
  };
  const submit = useSubmit();
  const first = useRef<HTMLInputElement>(null);
  const relationRef = useRef<HTMLSelectElement>(null);
  // The next thing to fill: the relation when one is asked, else the points (the recipient search before anyone is chosen).
  const asked = to !== null && linked === undefined;
  useEffect(() => (asked ? relationRef.current : first.current)?.focus(), [to, asked]);

  useEffect(() => {
    if (to || query.trim().length === 0) {
      setHits([]);
      return;
    }
    let current = true;
    void desk.customers.search({ query: query.trim(), limit: 6 }).then((r) => {
      if (current && r.ok) setHits(r.value.filter((h) => h.id !== account.customerId));
    });
    return () => {
      current = false;
    };
  }, [query, to, account.customerId]);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const n = parseWhole(points);
    const entry = await submit.run(() =>
      desk.points.transfer({
        customerId: account.customerId, toCustomerId: to?.id ?? '', points: n ?? Number.NaN, ...(note.trim() ? { note } : {}), ...(!linked && relation ? { relation } : {}),
      }),
    );
    if (entry) onDone(t('points.done.transfer', { points: formatNumber(-entry.points, lang), name: entry.counterparty?.name ?? '' }));
  }

  return (
    <form className="points-form" onSubmit={onSubmit} onKeyDown={escToCancel(onCancel)} data-testid="transfer-form" noValidate>
      <div className="points-recipient">
        <span>{t('points.recipient')}</span>
        {to ? (
          <div className="points-chosen">
            <strong>{t('points.chosen', { name: to.name })}</strong>
            {linked && <span className="chip">{t(`points.relation.${linked.relation}`)}</span>}
            <span className="muted">{to.phone}</span>
            {to.plate && <span className="plate">{to.plate}</span>}
            <button type="button" className="link" onClick={() => { setTo(null); setQuery(''); }}>
              {t('points.change')}
            </button>
          </div>
        ) : (
          <>
            {account.family.length > 0 && (
              <div className="points-family" data-testid="family-recipients">
                <span className="muted">{t('points.familyOnFile')}</span>
                {account.family.map((f) => (
                  <button type="button" key={f.customerId} onClick={() => choose({ id: f.customerId, name: f.name, phone: f.phone, plate: null })}>
                    {f.name} <span className="chip">{t(`points.relation.${f.relation}`)}</span>
                  </button>
                ))}
              </div>
            )}
            <input ref={first} name="recipient" value={query} placeholder={t('points.recipientPlaceholder')} onChange={(e) => setQuery(e.target.value)} autoComplete="off" />
            {query.trim() && (
              <ul className="points-hits" data-testid="recipient-hits">
                {hits.length === 0 && <li className="muted">{t('points.noMatch')}</li>}
                {hits.map((h) => (
                  <li key={h.id}>
                    <button type="button" onClick={() => choose({ id: h.id, name: h.name, phone: h.phone, plate: h.plates[0] ?? null })}>
                      <strong>{h.name}</strong> <span className="muted">{h.phone}</span> {h.plates[0] && <span className="plate">{h.plates[0]}</span>}
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
        <FieldNote error={submit.error} field="toCustomerId" />
      </div>
      {to && !linked && (
        <label>
          <span>{t('points.relationLabel', { name: to.name })}</span>
          <select ref={relationRef} name="relation" value={relation} onChange={(e) => setRelation(e.target.value as FamilyRelation | '')} aria-invalid={submit.error?.details?.field === 'relation'}>
            <option value="">{t('points.relationChoose')}</option>
            {FAMILY_RELATIONS.map((r) => (
              <option key={r} value={r}>
                {t(`points.relation.${r}`)}
              </option>
            ))}
          </select>
          <span className="muted small-text">{t('points.relationHint')}</span>
          <FieldNote error={submit.error} field="relation" />
        </label>
      )}
      <label>
        <span>{t('points.pointsLabel')}</span>
        <input ref={to && linked ? first : undefined} name="points" inputMode="numeric" value={points} placeholder={t('points.pointsPlaceholder')} onChange={(e) => setPoints(e.target.value)} aria-invalid={submit.error?.details?.field === 'points'} />
        <FieldNote error={submit.error} field="points" />
      </label>
      <label>
        <span>{t('points.note')}</span>
        <input name="note" value={note} maxLength={200} placeholder={t('points.notePlaceholder')} onChange={(e) => setNote(e.target.value)} />
      </label>
      <OtherError error={submit.error} fields={['points', 'toCustomerId', 'note', 'relation']} />
      <FormButtons submit={t('points.confirmTransfer')} saving={submit.saving} onCancel={onCancel} />
    </form>
  );
}

function Ledger({ account, onMore }: { account: PointsAccount; onMore: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const timezone = useSession((s) => s.setup?.store?.timezone);
  const detail = (e: LedgerEntryView): string => {
    const parts: string[] = [];
    // A mileage entry, or a correction of a reading, says its kilometres (its note), not the visit's spend.
    if (e.visit && e.kind !== 'mileage' && e.corrects !== 'mileage') parts.push(t('points.visitDetail', { date: e.visit.date === e.date ? '' : e.visit.date, amount: formatYuan(e.visit.amountFen, lang) }).trim());
    if (e.counterparty) parts.push(t(e.kind === 'referral' ? 'points.referredWho' : e.kind === 'transfer_in' ? 'points.fromWho' : 'points.toWho', { name: e.counterparty.name }));
    if (e.kind === 'activity') {
      const a = splitActivityNote(e.note);
      if (a) parts.push(activityName(t, a.code), ...(a.words ? [a.words] : []));
    } else if (e.note) parts.push(e.note);
    return parts.join(' · ');
  };
  return (
    <div className="points-ledger">
      <h3>{t('points.ledger')}</h3>
      {account.entries.length === 0 ? (
        <p className="muted">{t('points.empty')}</p>
      ) : (
        <table className="table" data-testid="points-ledger">
          <thead>
            <tr>
              <th>{t('points.col.date')}</th>
              <th>{t('points.col.kind')}</th>
              <th className="num">{t('points.col.points')}</th>
              <th>{t('points.col.detail')}</th>
              <th>{t('points.col.who')}</th>
            </tr>
          </thead>
          <tbody>
            {account.entries.map((e) => (
              <tr key={e.id}>
                <td>{e.date}</td>
                <td>{e.corrects === 'mileage' ? t('points.mileageCorrected') : e.corrects === 'amount' && e.visit ? t('points.amountCorrected') : t(`points.kind.${e.kind}`)}</td>
                <td className={e.points < 0 ? 'num points-minus' : 'num points-plus'}>
                  {e.points > 0 ? '+' : ''}
                  {formatNumber(e.points, lang)}
                </td>
                <td className="points-detail">{detail(e)}</td>
                <td className="points-who">
                  {e.createdBy ?? '—'}
                  <small>{storeTime(e.createdAt, timezone)}</small>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {account.entryCount > account.entries.length && (
        <p className="muted points-more">
          {t('points.moreEntries', { shown: account.entries.length, total: account.entryCount })}
          {account.entries.length < 500 && (
            <button className="link" onClick={onMore} data-testid="points-more">
              {t('points.showMore')}
            </button>
          )}
        </p>
      )}
    </div>
  );
}
