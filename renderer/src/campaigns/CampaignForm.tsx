import { useEffect, useRef, useState } from 'react';
import { v7 } from 'uuid';
import { useTranslation } from 'react-i18next';
import type { DeskError } from '../../../shared/api/result';
import { CAMPAIGN_AUDIENCES, CAMPAIGN_KINDS, CAMPAIGN_WARNINGS, campaignWarnings, type Campaign, type CampaignAudience, type CampaignKind, type CampaignWarning } from '../../../shared/domain/campaigns';
import { TIERS, type Tier } from '../../../shared/domain/types';
import { desk } from '../desk/connect';
import { FieldError, FormError } from '../customer/FieldError';
import { LoyalGuard } from './LoyalGuard';

const FIELDS = ['name', 'benefit', 'tiers', 'startsOn', 'endsOn'] as const;

/** A new offer or campaign. One aimed at new customers only is saved only after the loyal-customer warning was seen and confirmed. */
export function CampaignForm({ onCancel, onSaved }: { onCancel(): void; onSaved(c: Campaign): void }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<CampaignKind>('offer');
  const [name, setName] = useState('');
  const [benefit, setBenefit] = useState('');
  const [audience, setAudience] = useState<CampaignAudience>('everyone');
  const [tiers, setTiers] = useState<Tier[]>([]);
  const [startsOn, setStartsOn] = useState('');
  const [endsOn, setEndsOn] = useState('');
  const [guard, setGuard] = useState(false);
  const [saving, setSaving] = useState(false);
  // The campaign's id from the start: a repeated save of the same form writes it once.
  const [id] = useState(() => v7());
  const [error, setError] = useState<DeskError | null>(null);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);

  async function save(acknowledgeLoyalWarning: boolean) {
    setSaving(true);
    setError(null);
    const r = await desk.campaigns.create({ id, kind, name, benefit, audience, tiers: audience === 'tiers' ? tiers : [], startsOn, endsOn, acknowledgeLoyalWarning });
    setSaving(false);
    if (r.ok) {
      onSaved(r.value);
      return;
    }
    // The core refuses an unacknowledged unfair campaign (new customers or lower tiers only): show the same warning.
    if (CAMPAIGN_WARNINGS.includes(r.error.details?.warning as CampaignWarning)) setGuard(true);
    else setError(r.error);
  }

  // The core checks every field first and then refuses a new-customers-only campaign that was not
  // confirmed: the guard opens only for an otherwise valid draft, and nothing is saved before it.
  const submit = () => void save(false);
  const warning = campaignWarnings({ kind, audience, tiers })[0] ?? null;
  const warned = warning !== null;

  return (
    <form
      className="panel tm-dialog cp-form"
      data-testid="campaign-form"
      onKeyDown={(e) => e.key === 'Escape' && !guard && onCancel()}
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <h2>{t('campaigns.form.title')}</h2>
      <div className="tm-form-row">
        <span className="tm-label">{t('campaigns.form.kind')}</span>
        {CAMPAIGN_KINDS.map((k) => (
          <button type="button" key={k} className={k === kind ? 'tm-chip active' : 'tm-chip'} aria-pressed={k === kind} onClick={() => setKind(k)}>
            {t(`campaigns.kind.${k}`)}
          </button>
        ))}
      </div>
      <label className="tm-form-row">
        <span className="tm-label">{t('campaigns.form.name')}</span>
        <input ref={first} className="tm-input" value={name} maxLength={100} placeholder={t('campaigns.form.namePlaceholder')} onChange={(e) => setName(e.target.value)} data-testid="campaign-name" />
        <FieldError error={error} field="name" />
      </label>
      <label className="tm-form-row">
        <span className="tm-label">{t('campaigns.form.benefit')}</span>
        <input className="tm-input" value={benefit} maxLength={500} placeholder={t('campaigns.form.benefitPlaceholder')} onChange={(e) => setBenefit(e.target.value)} data-testid="campaign-benefit" />
        <FieldError error={error} field="benefit" />
      </label>
      <div className="tm-form-row" role="group" aria-label={t('campaigns.form.audience')}>
        <span className="tm-label">{t('campaigns.form.audience')}</span>
        {CAMPAIGN_AUDIENCES.map((a) => (
          <button type="button" key={a} className={a === audience ? 'tm-chip active' : 'tm-chip'} aria-pressed={a === audience} onClick={() => setAudience(a)} data-testid={`audience-${a}`}>
            {t(`campaigns.audience.${a}`)}
          </button>
        ))}
        {warned && (
          <span className="cp-hint" role="note" data-testid="loyal-hint">
            {t('campaigns.guard.title')}
          </span>
        )}
      </div>
      {audience === 'tiers' && (
        <div className="tm-form-row" role="group" aria-label={t('campaigns.form.tiers')}>
          <span className="tm-label">{t('campaigns.form.tiers')}</span>
          {TIERS.map((tier) => {
            const on = tiers.includes(tier);
            return (
              <button type="button" key={tier} className={on ? 'tm-chip active' : 'tm-chip'} aria-pressed={on} onClick={() => setTiers(on ? tiers.filter((x) => x !== tier) : [...tiers, tier])}>
                {t(`tier.${tier}`)}
              </button>
            );
          })}
          <FieldError error={error} field="tiers" />
        </div>
      )}
      <div className="tm-form-row">
        <span className="tm-label">{t('campaigns.form.startsOn')}</span>
        <input type="date" className="tm-select" value={startsOn} onChange={(e) => setStartsOn(e.target.value)} aria-label={t('campaigns.form.startsOn')} data-testid="campaign-starts" />
        <span className="muted">{t('campaigns.form.endsOn')}</span>
        <input type="date" className="tm-select" value={endsOn} onChange={(e) => setEndsOn(e.target.value)} aria-label={t('campaigns.form.endsOn')} data-testid="campaign-ends" />
        <FieldError error={error} field="startsOn" />
        <FieldError error={error} field="endsOn" />
      </div>
      <FormError error={error} fields={FIELDS} />
      {guard ? (
        <LoyalGuard
          warning={warning ?? 'new_customers_only'}
          onEveryone={() => {
            setAudience('everyone');
            setGuard(false);
          }}
          onSaveAnyway={() => {
            setGuard(false);
            void save(true);
          }}
          onBack={() => setGuard(false)}
        />
      ) : (
        <div className="tm-form-row">
          <button type="submit" className="primary" disabled={saving} data-testid="campaign-save">
            {t('campaigns.form.save')}
          </button>
          <button type="button" onClick={onCancel}>
            {t('campaigns.form.cancel')}
          </button>
        </div>
      )}
    </form>
  );
}
