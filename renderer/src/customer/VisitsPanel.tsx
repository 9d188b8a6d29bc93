import { useTranslation } from 'react-i18next';
import type { Visit } from '../../../shared/domain/types';
import { formatNumber, formatYuan } from '../ui/format';
import { usePaged } from './ShowMore';

const PAGE = 20;

/** The visit timeline: every visit, newest first, a page at a time (a loyal customer has hundreds). */
export function VisitsPanel({ visits }: { visits: Visit[] }) {
  const { t, i18n } = useTranslation();
  const { shown, more } = usePaged(visits, PAGE);
  return (
    <section className="panel" data-testid="visits">
      <h2>
        {t('customer.visits')}
        {visits.length > 0 && <span className="muted count"> {t('c360.visits.count', { count: visits.length })}</span>}
      </h2>
      {visits.length === 0 ? (
        <p className="muted">{t('customer.noVisits')}</p>
      ) : (
        <>
          <table className="table">
            <thead>
              <tr>
                <th>{t('customer.visitDate')}</th>
                <th>{t('customer.visitType')}</th>
                <th>{t('customer.plate')}</th>
                <th className="num">{t('customer.visitMileage')}</th>
                <th className="num">{t('customer.amount')}</th>
                <th>{t('customer.visitAdvisor')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((v) => (
                <tr key={v.id}>
                  <td>{v.visitDate}</td>
                  <td>{t(`visitType.${v.type}`)}</td>
                  <td>{v.plate ?? '—'}</td>
                  <td className="num">{v.mileageKm === null ? '—' : formatNumber(v.mileageKm, i18n.language)}</td>
                  <td className="num">{v.amountFen === 0 ? t('customer.free') : formatYuan(v.amountFen, i18n.language)}</td>
                  <td>{v.advisorName ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {more}
        </>
      )}
    </section>
  );
}
