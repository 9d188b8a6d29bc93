import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  consentStateOf,
  FOLLOW_UP_CHANNELS,
  FOLLOW_UP_OUTCOMES,
  FOLLOW_UP_PURPOSES,
  followUpVerdict,
  type Customer360,
  type FollowUpChannel,
  type FollowUpOutcome,
  type FollowUpPurpose,
} from '../../../shared/domain/customer360';
import { desk } from '../desk/connect';
import { FieldError, FormError } from './FieldError';
import { useWrite } from './use-customer';

const FIELDS = ['channel', 'purpose', 'outcome', 'note', 'nextStep', 'nextDate'] as const;

/**
 * Log a follow-up in two clicks (open, save) or from the keyboard (L, type, Enter; Esc closes).
 * Channels the customer refused for care contact are not offered for it, and the form says why;
 * service notices and contact the customer started stay possible on them.
 */
export function FollowUpDialog({ c, onClose, onSaved }: { c: Customer360; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const consent = consentStateOf(c.consent);
  const [purpose, setPurpose] = useState<FollowUpPurpose>('care');
  const [channel, setChannel] = useState<FollowUpChannel>('visit');
  const [outcome, setOutcome] = useState<FollowUpOutcome>('reached');
  const [note, setNote] = useState('');
  const [nextStep, setNextStep] = useState('');
  const [nextDate, setNextDate] = useState('');
  const { run, saving, error } = useWrite();
  const noteInput = useRef<HTMLInputElement>(null);

  const form = useRef<HTMLFormElement>(null);
  // Focus starts in the note and goes back where it was when the dialog closes.
  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    noteInput.current?.focus();
    return () => before?.focus();
  }, []);

  /** Tab stays inside the dialog (it is modal). */
  function trapTab(e: React.KeyboardEvent) {
    if (e.key !== 'Tab' || !form.current) return;
    const focusable = [...form.current.querySelectorAll<HTMLElement>('button:not(:disabled), input:not(:disabled)')];
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last?.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first?.focus();
    }
  }

  const verdicts = FOLLOW_UP_CHANNELS.map((ch) => ({ channel: ch, verdict: followUpVerdict(consent, ch, purpose) }));
  const refused = verdicts.filter((v) => !v.verdict.allowed);
  // Switching purpose may make the chosen channel unavailable: fall back to a talk at the store.
  const chosen = verdicts.find((v) => v.channel === channel)?.verdict.allowed ? channel : 'visit';

  async function save() {
    const saved = await run(() =>
      desk.notes.logFollowUp({ customerId: c.id, channel: chosen, purpose, outcome, note, nextStep, ...(nextDate ? { nextDate } : {}) }),
    );
    if (saved) onSaved();
  }

  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <form
        ref={form}
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="follow-up-title"
        data-testid="follow-up-dialog"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation(); // closes the dialog, not the customer view
            onClose();
          }
          trapTab(e);
        }}
      >
        <h2 id="follow-up-title">{t('c360.followUp.dialogTitle', { name: c.name })}</h2>

        <fieldset className="field">
          <legend>{t('c360.followUp.purpose')}</legend>
          <div className="segmented">
            {FOLLOW_UP_PURPOSES.map((p) => (
              <button type="button" key={p} className={p === purpose ? 'active' : ''} aria-pressed={p === purpose} onClick={() => setPurpose(p)}>
                {t(`c360.followUp.purposes.${p}`)}
              </button>
            ))}
          </div>
        </fieldset>

        <fieldset className="field">
          <legend>{t('c360.followUp.channel')}</legend>
          <div className="choice-chips" data-testid="follow-up-channels">
            {verdicts
              .filter((v) => v.verdict.allowed)
              .map(({ channel: ch }) => (
                <button type="button" key={ch} className={ch === chosen ? 'chip-choice active' : 'chip-choice'} aria-pressed={ch === chosen} data-channel={ch} onClick={() => setChannel(ch)}>
                  {t(`c360.followUp.channels.${ch}`)}
                </button>
              ))}
          </div>
          {refused.length > 0 && (
            <p className="consent-why" data-testid="channels-not-offered">
              {t('c360.followUp.notOffered')}
              {refused.map((r) => t(`c360.followUp.channels.${r.channel}`) + (r.verdict.allowed ? '' : t('c360.paren', { text: t(`c360.consentReason.${r.verdict.reason}`) }))).join(t('c360.sep'))}
              <br />
              <span className="muted">{t('c360.followUp.onlyService')}</span>
            </p>
          )}
          <FieldError error={error} field="channel" />
        </fieldset>

        <fieldset className="field">
          <legend>{t('c360.followUp.outcome')}</legend>
          <div className="choice-chips">
            {FOLLOW_UP_OUTCOMES.map((o) => (
              <button type="button" key={o} className={o === outcome ? 'chip-choice active' : 'chip-choice'} aria-pressed={o === outcome} onClick={() => setOutcome(o)}>
                {t(`c360.followUp.outcomes.${o}`)}
              </button>
            ))}
          </div>
        </fieldset>

        <label className="field">
          <span>{t('c360.followUp.note')}</span>
          <input ref={noteInput} data-testid="follow-up-note" value={note} maxLength={600} placeholder={t('c360.followUp.notePlaceholder')} onChange={(e) => setNote(e.target.value)} />
          <FieldError error={error} field="note" />
        </label>
        <div className="field-row">
          <label className="field grow">
            <span>{t('c360.followUp.nextStep')}</span>
            <input value={nextStep} maxLength={240} placeholder={t('c360.followUp.nextStepPlaceholder')} onChange={(e) => setNextStep(e.target.value)} />
            <FieldError error={error} field="nextStep" />
          </label>
          <label className="field">
            <span>{t('c360.followUp.nextDate')}</span>
            <input type="date" data-testid="follow-up-next-date" value={nextDate} min={c.today} onChange={(e) => setNextDate(e.target.value)} aria-invalid={error?.details?.field === 'nextDate'} />
            <FieldError error={error} field="nextDate" />
            <small className="muted">{t('c360.followUp.nextDateHint')}</small>
          </label>
        </div>
        <FormError error={error} fields={FIELDS} />
        <div className="dialog-actions">
          <span className="muted">{t('c360.followUp.saveHint')}</span>
          <button type="button" onClick={onClose}>
            {t('c360.cancel')}
          </button>
          <button type="submit" className="primary" disabled={saving} data-testid="follow-up-save">
            {saving ? t('c360.saving') : t('c360.save')}
          </button>
        </div>
      </form>
    </div>
  );
}
