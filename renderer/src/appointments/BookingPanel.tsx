import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeskError } from '../../../shared/api/result';
import type { BookingCalendar, SlotView } from '../../../shared/domain/booking';
import { dayLabel } from '../cards/dates';
import { desk } from '../desk/connect';
import { useLiveQuery, useSubmit } from '../points/live';
import { ErrorNote } from '../ui/ErrorNote';
import './appointments.css';

type T = (key: string, o?: Record<string, unknown>) => string;

/** Why a slot or a booking is refused, in words the advisor can say to the customer. */
export function refusalText(r: Record<string, unknown>, t: T, lang: string): string {
  const reason = String(r.reason ?? '');
  const latest = typeof r.latest === 'string' ? dayLabel(r.latest, lang, false) : '';
  const tier = typeof r.tier === 'string' ? t(`tier.${r.tier}`) : '';
  if (reason === 'beyond_window') {
    return r.tier === 'normal' || r.extraDays === 0
      ? t('appointments.refusal.beyond_window_normal', { open: r.openDaysAhead, latest })
      : t('appointments.refusal.beyond_window', { tier, extra: r.extraDays, latest });
  }
  if (reason === 'reserved') return t('appointments.refusal.reserved', { min: t(`tier.${String(r.minTier)}`), tier });
  if (['past', 'past_slot', 'full', 'already_booked', 'no_slot', 'not_today'].includes(reason)) return t(`appointments.refusal.${reason}`);
  return '';
}

function BookingError({ error }: { error: DeskError | null }) {
  const { t, i18n } = useTranslation();
  if (!error) return null;
  const text = error.details ? refusalText(error.details, t, i18n.language) : '';
  return text ? (
    <p className="booking-refusal" role="alert" data-testid="booking-refusal">
      {text}
    </p>
  ) : (
    <ErrorNote error={error} />
  );
}

/** Book a service slot for this customer: the days their tier can see, slots with room, and why others are closed. */
export function BookingPanel({ customerId, onBooked }: { customerId: string; onBooked?: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { live, reload } = useLiveQuery(() => desk.appointments.calendar({ customerId }), customerId, ['appointments', 'customers']);
  const [day, setDay] = useState<string | null>(null);
  const [slot, setSlot] = useState<SlotView | null>(null);
  const [explain, setExplain] = useState<string | null>(null);
  const [vehicleId, setVehicleId] = useState('');
  const [note, setNote] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const submit = useSubmit();
  const cancel = useSubmit();

  const cal: BookingCalendar | null = live.state === 'ok' ? live.value : null;
  useEffect(() => {
    if (cal && day === null) setDay(cal.days.find((d) => d.slots.some((s) => s.refusal === null))?.date ?? cal.today);
  }, [cal, day]);

  if (live.state === 'loading') return <section className="panel booking-panel" data-testid="booking"><h2>{t('appointments.title')}</h2><p className="muted">{t('common.loading')}</p></section>;
  if (live.state === 'error') return <section className="panel booking-panel" data-testid="booking"><h2>{t('appointments.title')}</h2><ErrorNote error={live.error} /></section>;
  const c = live.value;
  const current = c.days.find((d) => d.date === day) ?? c.days[0]!;
  const latest = dayLabel(c.latest, lang, false);

  const pickSlot = (s: SlotView) => {
    submit.setError(null);
    setDone(null);
    if (s.refusal) {
      setSlot(null);
      setExplain(refusalText(s.refusal, t, lang));
    } else {
      setSlot(s);
      setExplain(null);
    }
  };

  async function onBook(e: FormEvent) {
    e.preventDefault();
    if (!slot) {
      setExplain(t('appointments.chooseSlot'));
      return;
    }
    const booked = await submit.run(() =>
      desk.appointments.book({ customerId, date: current.date, time: slot.time, ...(vehicleId ? { vehicleId } : {}), ...(note.trim() ? { note } : {}) }),
    );
    if (booked) {
      setDone(t('appointments.booked', { day: dayLabel(booked.date, lang), time: booked.time }));
      setSlot(null);
      setNote('');
      reload();
      onBooked?.();
    }
  }

  return (
    <section className="panel booking-panel" data-testid="booking">
      <h2>{t('appointments.title')}</h2>
      <p className="booking-rule">
        {c.extraDays > 0 ? t('appointments.ruleTier', { tier: t(`tier.${c.tier}`), extra: c.extraDays, latest }) : t('appointments.ruleNormal', { open: c.openDaysAhead, latest })}{' '}
        <span className="muted">{t('appointments.ruleReserved', { tier: t(`tier.${c.reservedMinTier}`) })}</span>
      </p>

      <div className="booking-upcoming">
        <h3>{t('appointments.upcoming')}</h3>
        {c.upcoming.length === 0 ? (
          <p className="muted">{t('appointments.noUpcoming')}</p>
        ) : (
          <ul>
            {c.upcoming.map((a) => (
              <li key={a.id} data-testid="booking-upcoming">
                <strong>{dayLabel(a.date, lang)} {a.time}</strong>
                {a.plate && <span className="plate">{a.plate}</span>}
                {a.note && <span className="muted">{a.note}</span>}
                {a.status === 'booked' ? (
                  <button className="link" disabled={cancel.saving} onClick={async () => (await cancel.run(() => desk.appointments.cancel({ id: a.id }))) && reload()}>
                    {t('appointments.cancel')}
                  </button>
                ) : (
                  // Arrived: nothing left to cancel, say so rather than offer a dead link.
                  <span className="muted" data-testid="booking-status">{t(`appointments.today.${a.status}`, { defaultValue: '' })}</span>
                )}
              </li>
            ))}
          </ul>
        )}
        {cancel.error && <BookingError error={cancel.error} />}
      </div>

      <h3>{t('appointments.pickDay')}</h3>
      <div className="booking-days" role="listbox" aria-label={t('appointments.pickDay')}>
        {c.days.map((d) => {
          const open = d.slots.some((s) => s.refusal === null);
          const locked = d.slots.every((s) => s.refusal !== null && s.refusal.reason !== 'full' && s.refusal.reason !== 'reserved');
          return (
            <button
              key={d.date}
              role="option"
              aria-selected={d.date === current.date}
              className={['booking-day', d.date === current.date ? 'selected' : '', locked ? 'locked' : '', open ? '' : 'closed'].join(' ')}
              onClick={() => {
                setDay(d.date);
                setSlot(null);
                setDone(null);
                submit.setError(null);
                setExplain(locked ? refusalText(d.slots[0]!.refusal!, t, lang) : null);
              }}
              data-date={d.date}
              title={locked ? refusalText(d.slots[0]!.refusal!, t, lang) : undefined}
            >
              <span className="booking-day-date">{dayLabel(d.date, lang, false)}</span>
              <span className="booking-day-week">{new Intl.DateTimeFormat(lang, { timeZone: 'UTC', weekday: 'short' }).format(new Date(`${d.date}T00:00:00Z`))}</span>
              {locked && <span className="booking-day-lock">{t('appointments.locked')}</span>}
            </button>
          );
        })}
      </div>

      <h3>{t('appointments.pickTime')} · {dayLabel(current.date, lang)}</h3>
      <div className="booking-slots">
        {current.slots.map((s) => (
          <button
            key={s.time}
            className={['booking-slot', slot?.time === s.time ? 'selected' : '', s.refusal ? 'refused' : '', s.reserved ? 'reserved' : ''].join(' ')}
            aria-pressed={slot?.time === s.time}
            onClick={() => pickSlot(s)}
            data-time={s.time}
          >
            <span className="booking-slot-time">{s.time}</span>
            <span className="booking-slot-meta">
              {s.reserved && <span className="booking-reserved">{t('appointments.reserved')}</span>}
              {s.refusal?.reason === 'full' ? t('appointments.full') : s.refusal && s.refusal.reason !== 'reserved' ? t('appointments.locked') : t('appointments.left', { n: s.available })}
            </span>
          </button>
        ))}
      </div>
      {explain && (
        <p className="booking-refusal" role="alert" data-testid="booking-refusal">
          {explain}
        </p>
      )}

      <form className="booking-form" onSubmit={onBook} noValidate>
        {c.vehicles.length > 1 && (
          <label>
            <span>{t('appointments.vehicle')}</span>
            <select value={vehicleId} onChange={(e) => setVehicleId(e.target.value)}>
              {c.vehicles.map((v) => (
                <option key={v.id} value={v.id}>
                  {v.plate} {v.model}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          <span>{t('appointments.note')}</span>
          <input value={note} maxLength={200} placeholder={t('appointments.notePlaceholder')} onChange={(e) => setNote(e.target.value)} />
        </label>
        <button type="submit" className="primary" disabled={submit.saving || !slot} data-testid="booking-submit">
          {slot ? t('appointments.book', { day: dayLabel(current.date, lang, false), time: slot.time }) : t('appointments.chooseSlot')}
        </button>
      </form>
      <BookingError error={submit.error} />
      {done && (
        <p className="booking-done" role="status">
          {done}
        </p>
      )}
    </section>
  );
}
