import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RadarAdvisor, ReasonCounts } from '../../../shared/api/areas/radar';
import { desk } from '../desk/connect';
import { useLive } from '../today/use-today';
import { ErrorNote } from '../ui/ErrorNote';
import { FlagBar } from './FlagBar';
import { WinBackList } from './WinBackList';
import '../team/team.css';
import './radar.css';

export const RADAR_TABLES = ['customers', 'visits', 'surveys', 'complaints', 'tasks', 'interactions', 'customer_assignments', 'staff'];
const FLAGS = ['red', 'yellow', 'green'] as const;
const REASONS: (keyof ReasonCounts)[] = ['daysSincePurchase', 'satisfaction', 'complaint'];

function pct(share: number, language: string): string {
  return new Intl.NumberFormat(language, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(share);
}

/** The risk radar for the whole store and per advisor: counts, shares, reasons, and red customers with no win-back plan. */
export function RadarScreen() {
  const { t, i18n } = useTranslation();
  const { live } = useLive(() => desk.radar.overview({}), 'radar', RADAR_TABLES);
  const [advisor, setAdvisor] = useState<RadarAdvisor | null>(null);

  return (
    <section className="screen" data-testid="radar">
      <header className="tm-head">
        <h1>{t('radar.title')}</h1>
        {live.state === 'ok' && <span className="muted">{t('dashboard.asOf', { date: live.value.today })}</span>}
      </header>
      {live.state === 'loading' && <p className="muted">{t('radar.loading')}</p>}
      {live.state === 'error' && <ErrorNote error={live.error} />}
      {live.state === 'ok' && (
        <>
          <div className="rd-top">
            <section className="panel rd-store" data-testid="radar-store">
              <h2>{t('radar.store')}</h2>
              <div className="rd-tiles">
                {FLAGS.map((f) => (
                  <div key={f} className={`rd-tile tile-${f}`} data-testid={`radar-${f}`}>
                    <span className="rd-tile-label">
                      <span className={`rs-dot dot-${f}`} /> {t(`radar.flag.${f}`)}
                    </span>
                    <strong className="rd-tile-count">{live.value.store[f].toLocaleString()}</strong>
                    <span className="rd-tile-share">{pct(live.value.store[`${f}Share`], i18n.language)}</span>
                  </div>
                ))}
              </div>
              <FlagBar counts={live.value.store} tall />
              <p className="rd-summary">
                {t('radar.summary', { total: live.value.store.total.toLocaleString() })}
                {live.value.redWithoutWinBack > 0 && (
                  <>
                    {' · '}
                    <button className="tm-link" onClick={() => document.querySelector('[data-testid="winback"]')?.scrollIntoView({ behavior: 'smooth', block: 'start' })}>
                      {t('radar.winBackSummary', { count: live.value.redWithoutWinBack.toLocaleString() })}
                    </button>
                  </>
                )}
              </p>
            </section>
            <section className="panel rd-reasons" data-testid="radar-reasons">
              <h2>{t('radar.reasons.title')}</h2>
              <p className="muted tm-small">{t('radar.reasons.hint')}</p>
              <table className="tm-table">
                <thead>
                  <tr>
                    <th>{t('radar.reasons.col.reason')}</th>
                    <th>{t('radar.reasons.col.red')}</th>
                    <th>{t('radar.reasons.col.yellow')}</th>
                  </tr>
                </thead>
                <tbody>
                  {REASONS.map((r) => (
                    <tr key={r}>
                      <td>{t(`radar.reasons.${r}`)}</td>
                      <td className={live.value.redReasons[r] ? 'tm-bad' : 'tm-zero'}>{live.value.redReasons[r].toLocaleString()}</td>
                      <td>{live.value.yellowReasons[r].toLocaleString()}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <h2 className="rd-churn-title">{t('radar.churn.title')}</h2>
              <p className="muted tm-small">{t('radar.churn.hint')}</p>
              {live.value.churnReasons.length === 0 ? (
                <p className="muted tm-small" data-testid="churn-reasons">{t('radar.churn.none')}</p>
              ) : (
                <table className="tm-table" data-testid="churn-reasons">
                  <thead>
                    <tr>
                      <th>{t('radar.churn.col.reason')}</th>
                      <th>{t('radar.churn.col.count')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {live.value.churnReasons.map((c) => (
                      <tr key={c.reason}>
                        <td>{t(`today.churnReason.${c.reason}`)}</td>
                        <td>{c.count.toLocaleString()}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
          </div>
          <section className="panel tm-section">
            <h2>{t('radar.perAdvisor')}</h2>
            <table className="tm-table rd-advisors" data-testid="radar-advisors">
              <thead>
                <tr>
                  <th>{t('radar.col.advisor')}</th>
                  <th>{t('radar.col.customers')}</th>
                  <th>{t('radar.col.red')}</th>
                  <th>{t('radar.col.yellow')}</th>
                  <th>{t('radar.col.green')}</th>
                  <th>{t('radar.col.redShare')}</th>
                  <th className="rd-mix-col">{t('radar.col.mix')}</th>
                  <th>{t('radar.col.winBack')}</th>
                </tr>
              </thead>
              <tbody>
                {live.value.advisors.map((a) => (
                  <tr key={a.advisorId || 'none'} className={advisor?.advisorId === a.advisorId ? 'selected' : undefined} onClick={() => setAdvisor(advisor?.advisorId === a.advisorId ? null : a)} data-testid="radar-advisor">
                    <td>{a.name ?? <span className="muted">{t('radar.noAdvisor')}</span>}</td>
                    <td>{a.total.toLocaleString()}</td>
                    <td className={a.red ? 'tm-bad' : 'tm-zero'}>{a.red.toLocaleString()}</td>
                    <td>{a.yellow.toLocaleString()}</td>
                    <td>{a.green.toLocaleString()}</td>
                    <td>{pct(a.redShare, i18n.language)}</td>
                    <td className="rd-mix-col">
                      <FlagBar counts={a} />
                    </td>
                    <td className={a.redWithoutWinBack ? 'tm-bad' : 'tm-zero'}>{a.redWithoutWinBack.toLocaleString()}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <WinBackList advisor={advisor} total={live.value.redWithoutWinBack} onAll={() => setAdvisor(null)} />
        </>
      )}
    </section>
  );
}
