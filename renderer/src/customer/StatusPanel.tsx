import { useTranslation } from 'react-i18next';
import type { Customer360 } from '../../../shared/domain/customer360';
import type { RiskReason } from '../../../shared/domain/rules/radar';
import { formatYuan } from '../ui/format';
import { TierBadge } from '../ui/TierBadge';

type T = (key: string, o?: Record<string, unknown>) => string;

/** One structured radar reason in words ("193 天未到店消费"). */
export function riskReasonText(r: RiskReason, t: T, flag: 'red' | 'yellow' | 'green' = 'red'): string {
  switch (r.code) {
    case 'days_since_purchase':
      if (flag === 'green') return r.basis === 'delivery' ? t('c360.reason.green_delivery', { days: r.days }) : t('c360.reason.green_purchase', { days: r.days, since: r.since });
      return r.basis === 'delivery' ? t('c360.reason.days_since_delivery', { days: r.days }) : t('c360.reason.days_since_purchase', { days: r.days, since: r.since });
    case 'satisfaction':
      return t('c360.reason.satisfaction', { score: r.score, date: r.surveyedOn });
    case 'complaint_open':
      return t('c360.reason.complaint_open', { date: r.openedOn });
    case 'complaint_recent':
      return t('c360.reason.complaint_recent', { date: r.openedOn });
  }
}

/** Tier with the path to the next tier and benefits; the risk flag with its reasons and what to do. */
export function StatusPanel({ c }: { c: Customer360 }) {
  const { t, i18n } = useTranslation();
  const s = c.tierStatus;
  const yuan = (fen: number) => formatYuan(fen, i18n.language).replace(/\.00$/, '');
  return (
    <section className="panel c360-status" data-testid="status">
      <h2>{t('c360.status.title')}</h2>
      <div className="status-grid">
        <div className="status-tier">
          <div className="status-line">
            <TierBadge tier={s.tier} />
            {s.since && <span className="muted">{t('c360.status.since', { date: s.since })}</span>}
            <span className="muted">
              {s.bookingDaysAhead > 0 && `${t('c360.status.booking', { days: s.bookingDaysAhead })} · `}
              {t('c360.status.multiplier', { x: s.pointsMultiplier })}
            </span>
          </div>
          <p className="status-trailing">{t('c360.status.trailing', { spend: yuan(s.spendFen), visits: s.visits })}</p>
          <p className="status-path" data-testid="tier-path">
            {s.path === null
              ? t('c360.status.top')
              : t('c360.status.pathTo', { spend: yuan(s.path.spendFenMissing), visits: s.path.visitsMissing, tier: t(`tier.${s.path.next}`) })}
          </p>
          {s.heldUntil && (
            <p className="muted small-text">
              {s.heldUntil.anniversary
                ? t('c360.status.held', { earned: t(`tier.${s.heldUntil.earned}`), date: s.heldUntil.anniversary })
                : t('c360.status.heldNoDate', { earned: t(`tier.${s.heldUntil.earned}`) })}
            </p>
          )}
          <div className="benefits">
            <span className="benefits-label">{t('c360.status.benefits')}</span>
            {s.benefits.map((b) => (
              <span key={b} className="chip">
                {t(`c360.benefit.${b}`)}
              </span>
            ))}
          </div>
          {s.nextBenefits.length > 0 && s.path && (
            <div className="benefits next">
              <span className="benefits-label">
                {t('c360.status.nextBenefits')} · {t(`tier.${s.path.next}`)}
              </span>
              {s.nextBenefits.map((b) => (
                <span key={b} className="chip chip-next">
                  {t(`c360.benefit.${b}`)}
                </span>
              ))}
            </div>
          )}
        </div>
        <div className={`status-risk risk-box-${c.risk.flag}`} data-testid="risk">
          <div className={`risk risk-${c.risk.flag}`}>
            <span className="risk-dot" aria-hidden />
            {t(`c360.status.risk.${c.risk.flag}`)}
          </div>
          <ul className="risk-reasons">
            {c.risk.reasons.length === 0 ? <li className="muted">{t('c360.status.noRiskFacts')}</li> : c.risk.reasons.map((r, i) => <li key={i}>{riskReasonText(r, t, c.risk.flag)}</li>)}
          </ul>
          <p className="risk-action">{t(`c360.status.riskAction.${c.risk.flag}`)}</p>
        </div>
      </div>
    </section>
  );
}
