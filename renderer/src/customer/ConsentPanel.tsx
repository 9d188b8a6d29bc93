import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { channelVerdict } from '../../../shared/domain/consent';
import { consentStateOf, type Customer360 } from '../../../shared/domain/customer360';
import { CHANNELS, type Channel } from '../../../shared/domain/types';
import { desk } from '../desk/connect';
import { useSession } from '../state/session';
import { formatInstantDate } from '../ui/format';
import { FormError } from './FieldError';
import { useWrite } from './use-customer';

type T = (key: string, o?: Record<string, unknown>) => string;
const CHOICES = ['allow', 'default', 'refuse'] as const;

/** The header's one-line consent state: all marketing allowed, none, or which channels are opted out. */
export function consentSummary(c: Customer360, t: T): { text: string; tone: string } {
  const state = consentStateOf(c.consent);
  const refused = CHANNELS.filter((ch) => !channelVerdict(state, ch, 'marketing').allowed);
  if (refused.length === 0) return { text: t('c360.consent.summaryAll'), tone: 'ok-text' };
  if (refused.length === CHANNELS.length) return { text: t('c360.consent.summaryNone') + t('c360.paren', { text: t(`c360.consentReason.${c.doNotContact ? 'do_not_contact' : 'no_marketing_consent'}`) }), tone: 'stop-text' };
  return { text: t('c360.consent.summaryOptOut', { channels: refused.map((ch) => t(`c360.consent.channel.${ch}`)).join(t('c360.sep')) }), tone: 'warn-text' };
}

/** Marketing consent, do-not-contact and per-channel choices, with who recorded them; service notices stay allowed. */
export function ConsentPanel({ c, onChanged }: { c: Customer360; onChanged: () => void }) {
  const { t } = useTranslation();
  const timezone = useSession((s) => s.setup?.store?.timezone);
  const { run, saving, error } = useWrite();
  const state = consentStateOf(c.consent);
  const choiceOf = (ch: Channel) => (state.channels[ch] === true ? 'allow' : state.channels[ch] === false ? 'refuse' : 'default');
  const recorded = new Map(c.consent.choices.map((r) => [r.channel, r]));

  // What the person just chose, shown at once until the reloaded customer says it back.
  const [pending, setPending] = useState<{ marketingConsent: boolean; doNotContact: boolean } | null>(null);
  useEffect(() => setPending(null), [c.consent]);
  const general = pending ?? { marketingConsent: c.consent.marketingConsent, doNotContact: c.consent.doNotContact };
  const setGeneral = async (next: { marketingConsent: boolean; doNotContact: boolean }) => {
    setPending(next);
    if (await run(() => desk.consent.setGeneral({ customerId: c.id, ...next }))) onChanged();
    else setPending(null);
  };
  const setChannel = async (channel: Channel, choice: (typeof CHOICES)[number]) => {
    if (await run(() => desk.consent.setChannel({ customerId: c.id, channel, choice }))) onChanged();
  };

  return (
    <section className="panel" data-testid="consent">
      <h2>{t('c360.consent.title')}</h2>
      <div className="consent-general">
        <label className="check">
          <input type="checkbox" checked={general.marketingConsent} disabled={saving} onChange={(e) => void setGeneral({ ...general, marketingConsent: e.target.checked })} />
          {t('c360.consent.marketing')}
        </label>
        <label className="check">
          <input type="checkbox" data-testid="dnc" checked={general.doNotContact} disabled={saving} onChange={(e) => void setGeneral({ ...general, doNotContact: e.target.checked })} />
          {t('c360.consent.dnc')}
        </label>
        {c.consent.recordedAt && (
          <span className="muted small-text" data-testid="consent-recorded">
            {c.consent.recordedBy ? t('c360.consent.recorded', { who: c.consent.recordedBy, when: formatInstantDate(c.consent.recordedAt, timezone) }) : formatInstantDate(c.consent.recordedAt, timezone)}
          </span>
        )}
      </div>
      {c.consent.doNotContact && <p className="consent-why">{t('c360.consent.dncBanner')}</p>}
      <table className="table consent-table">
        <tbody>
          {CHANNELS.map((ch) => {
            const v = channelVerdict(state, ch, 'marketing');
            const r = recorded.get(ch);
            return (
              <tr key={ch} data-testid={`consent-${ch}`}>
                <th scope="row">{t(`c360.consent.channel.${ch}`)}</th>
                <td>
                  <div className="segmented small-seg" role="group" aria-label={t(`c360.consent.channel.${ch}`)}>
                    {CHOICES.map((choice) => (
                      <button key={choice} type="button" className={choiceOf(ch) === choice ? 'active' : ''} aria-pressed={choiceOf(ch) === choice} disabled={saving} data-choice={choice} onClick={() => void setChannel(ch, choice)}>
                        {t(`c360.consent.choice.${choice}`)}
                      </button>
                    ))}
                  </div>
                </td>
                <td className={v.allowed ? 'ok-text' : 'stop-text'}>
                  {v.allowed
                    ? t('c360.consent.state.allowed')
                    : v.reason === 'do_not_contact'
                      ? t('c360.consent.state.refusedShort')
                      : t('c360.consent.state.refused', { reason: t(`c360.consentReason.${v.reason}`) })}
                  {r && r.recordedBy && <div className="muted small-text">{t('c360.consent.recorded', { who: r.recordedBy, when: formatInstantDate(r.recordedAt, timezone) })}</div>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="muted small-text">{t('c360.consent.serviceNote')}</p>
      <FormError error={error} fields={[]} />
    </section>
  );
}
