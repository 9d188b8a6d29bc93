import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Tier } from '../../../shared/domain/types';
import { desk } from '../desk/connect';
import { useLive } from '../today/use-today';
import { Chart } from '../ui/Chart';
import { ErrorNote } from '../ui/ErrorNote';
import { tierDistributionOption, tierMovementOption } from './chart-options';

/** Tier distribution now, and upgrades / downgrades per month over the last 12 months. */
export function TierCharts() {
  const { t, i18n } = useTranslation();
  const { live } = useLive(() => desk.dashboard.tiers({}), 'tiers', ['customers', 'tier_changes']);
  const value = live.state === 'ok' ? live.value : null;
  const distribution = useMemo(() => (value ? tierDistributionOption(value.distribution, (tier: Tier) => t(`tier.${tier}`), i18n.language) : null), [value, t, i18n.language]);
  const movement = useMemo(
    () => (value ? tierMovementOption(value.months, { upgrades: t('dashboard.tiers.upgrades'), downgrades: t('dashboard.tiers.downgrades') }, i18n.language) : null),
    [value, t, i18n.language],
  );
  return (
    <section className="panel tm-section db-tiers" data-testid="tiers">
      <h2>{t('dashboard.tiers.title')}</h2>
      {live.state === 'error' && <ErrorNote error={live.error} />}
      {value && distribution && movement && (
        <div className="db-tier-grid">
          <div>
            <h3 className="db-sub">{t('dashboard.tiers.distribution')}</h3>
            <Chart option={distribution} height={170} label={t('dashboard.tiers.distribution')} testId="tier-distribution" />
            <ul className="db-tier-legend">
              {value.distribution.map((d) => (
                <li key={d.tier} data-testid="tier-count" data-tier={d.tier}>
                  <span className={`tier tier-${d.tier}`}>{t(`tier.${d.tier}`)}</span> {d.count.toLocaleString()}
                  <span className="muted"> · {new Intl.NumberFormat(i18n.language, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(d.share)}</span>
                </li>
              ))}
            </ul>
          </div>
          <div>
            <h3 className="db-sub">{t('dashboard.tiers.movement')}</h3>
            <Chart option={movement} height={210} label={t('dashboard.tiers.movement')} testId="tier-movement" />
          </div>
        </div>
      )}
    </section>
  );
}
