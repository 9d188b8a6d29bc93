import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { CampaignWarning } from '../../../shared/domain/campaigns';

/** DOMAIN.md pitfall 1: before a campaign for new customers (or lower tiers) only is saved, say what loyal customers will see; saving stays possible. */
export function LoyalGuard({ warning, onEveryone, onSaveAnyway, onBack }: { warning: CampaignWarning; onEveryone(): void; onSaveAnyway(): void; onBack(): void }) {
  const { t } = useTranslation();
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => first.current?.focus(), []);
  return (
    <div className="cp-guard" role="alertdialog" aria-labelledby="cp-guard-title" aria-describedby="cp-guard-body" data-testid="loyal-guard" onKeyDown={(e) => e.key === 'Escape' && (e.stopPropagation(), onBack())}>
      <strong id="cp-guard-title">{t('campaigns.guard.title')}</strong>
      <p id="cp-guard-body">{t(warning === 'higher_tiers_left_out' ? 'campaigns.guard.bodyTiers' : 'campaigns.guard.body')}</p>
      <div className="tm-form-row">
        <button type="button" ref={first} className="primary" onClick={onEveryone} data-testid="guard-everyone">
          {t('campaigns.guard.change')}
        </button>
        <button type="button" onClick={onSaveAnyway} data-testid="guard-save-anyway">
          {t('campaigns.guard.saveAnyway')}
        </button>
        <button type="button" className="link" onClick={onBack}>
          {t('campaigns.guard.back')}
        </button>
      </div>
    </div>
  );
}
