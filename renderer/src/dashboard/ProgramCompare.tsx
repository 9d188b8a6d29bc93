import { useState } from 'react';
import type { MetricBands } from '../../../shared/domain/rules/metrics';
import { useTranslation } from 'react-i18next';
import type { Period } from '../../../shared/api/areas/dashboard';
import type { Metric } from '../../../shared/domain/rules/metrics';
import { desk } from '../desk/connect';
import { useDeskQuery } from '../desk/use-desk';
import { ErrorNote } from '../ui/ErrorNote';
import { changeVerdict, formatMetric } from '../../../shared/domain/rules/metric-format';
import { periodError } from './compare-errors';
import { lastSixMonths, sixMonthsAround } from './periods';

function PeriodPicker({ label, period, onChange, testId }: { label: string; period: Period; onChange(p: Period): void; testId: string }) {
  const { t } = useTranslation();
  return (
    <fieldset className="db-period" data-testid={testId}>
      <legend>{label}</legend>
      <input type="date" className="tm-select" value={period.from} onChange={(e) => onChange({ ...period, from: e.target.value })} aria-label={`${label} ${t('dashboard.compare.from')}`} />
      <span className="muted">{t('dashboard.compare.to')}</span>
      <input type="date" className="tm-select" value={period.to} onChange={(e) => onChange({ ...period, to: e.target.value })} aria-label={`${label} ${t('dashboard.compare.to')}`} />
    </fieldset>
  );
}

/** Program effect: the same metrics for two chosen periods side by side ("from 42% down to 21%"), as the playbook reports its results. */
export function ProgramCompare({ today, bands }: { today: string; bands: MetricBands }) {
  const { t, i18n } = useTranslation();
  const [draft, setDraft] = useState(() => lastSixMonths(today));
  const [asked, setAsked] = useState(draft);
  const result = useDeskQuery(() => desk.dashboard.compare(asked), [asked]);
  const language = i18n.language;

  const rows: { a: Metric; b: Metric }[] = result.state === 'ok' ? result.value.a.atEnd.map((a, i) => ({ a, b: result.value.b.atEnd[i]! })) : [];

  return (
    <section className="panel tm-section" data-testid="compare">
      <div className="tm-section-head">
        <h2>{t('dashboard.compare.title')}</h2>
        <span className="muted tm-small">{t('dashboard.compare.hint')}</span>
      </div>
      <div className="db-compare-form">
        <PeriodPicker label={t('dashboard.compare.periodA')} period={draft.a} onChange={(a) => setDraft({ ...draft, a })} testId="period-a" />
        <PeriodPicker label={t('dashboard.compare.periodB')} period={draft.b} onChange={(b) => setDraft({ ...draft, b })} testId="period-b" />
        <button onClick={() => setDraft(sixMonthsAround(draft.b.from, today))} title={t('dashboard.compare.presetHint')} disabled={!/^\d{4}-\d{2}-\d{2}$/.test(draft.b.from)}>
          {t('dashboard.compare.presetCampaign')}
        </button>
        <button className="primary" onClick={() => setAsked(draft)} data-testid="compare-run">
          {t('dashboard.compare.run')}
        </button>
      </div>
      {result.state === 'loading' && <p className="muted">{t('dashboard.loading')}</p>}
      {result.state === 'error' && (periodError(result.error, t) ? <div className="error-note" role="alert" data-testid="compare-error">{periodError(result.error, t)}</div> : <ErrorNote error={result.error} />)}
      {result.state === 'ok' && (
        <>
          <table className="tm-table db-compare" data-testid="compare-table">
            <thead>
              <tr>
                <th>{t('dashboard.compare.colMetric')}</th>
                <th>
                  {t('dashboard.compare.periodA')}
                  <small>
                    {result.value.a.from} – {result.value.a.to}
                  </small>
                </th>
                <th>
                  {t('dashboard.compare.periodB')}
                  <small>
                    {result.value.b.from} – {result.value.b.to}
                  </small>
                </th>
                <th>{t('dashboard.compare.colChange')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ a, b }) => {
                const shownA = formatMetric(a.key, a.value, language);
                const shownB = formatMetric(b.key, b.value, language);
                // Judged at the precision shown: two equal numbers on screen are "the same".
                const verdict = shownA === shownB && a.value !== null ? 'same' : changeVerdict(a.comparator, a.value, b.value);
                const arrow = a.value === null || b.value === null || shownA === shownB ? '' : b.value > a.value ? '↑ ' : '↓ ';
                return (
                  <tr key={a.key} data-metric={a.key}>
                    <td>{t(`dashboard.metric.${a.key}`, { ...bands })}</td>
                    <td>{shownA}</td>
                    <td>{shownB}</td>
                    <td className={verdict ? `db-verdict ${verdict}` : 'db-verdict'}>
                      {arrow}
                      {verdict ? t(`dashboard.compare.${verdict}`) : ''}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <p className="muted tm-small">{t('dashboard.compare.asOfEnd')}</p>
        </>
      )}
    </section>
  );
}
