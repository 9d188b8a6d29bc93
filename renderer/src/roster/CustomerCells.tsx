import { useTranslation } from 'react-i18next';
import type { CustomerListRow } from '../../../shared/domain/roster';
import { daysBetween } from '../../../shared/domain/rules/days';
import type { IsoDate } from '../../../shared/domain/types';
import { useNav } from '../state/nav';
import { riskReason } from '../today/reasons';
import { TierBadge } from '../ui/TierBadge';

/**
 * The first columns of every customer list (My customers, a manager's drill-down): name (opens
 * the customer), plate, tier, risk flag with its first reason, last visit. `focusable` false keeps
 * the name button out of the tab order where the list moves by arrow keys.
 */
export function CustomerCells({ row, today, focusable = true }: { row: CustomerListRow; today: IsoDate; focusable?: boolean }) {
  const { t } = useTranslation();
  const go = useNav((s) => s.go);
  return (
    <>
      <span>
        <button className="rs-name" tabIndex={focusable ? undefined : -1} onClick={() => go({ screen: 'customer', customerId: row.id })}>
          {row.name}
        </button>
      </span>
      <span>{row.plate ? <span className="plate">{row.plate}</span> : <span className="muted">—</span>}</span>
      <span>
        <TierBadge tier={row.tier} />
      </span>
      <span className="rs-flag" title={row.reasons.map((x) => riskReason(x, t)).join(t('today.reasonSep'))}>
        <span className={`rs-dot dot-${row.flag}`} />
        <span className={`rs-flag-text flag-${row.flag}`}>{t(`roster.flag.${row.flag}`)}</span>
        {row.flag !== 'green' && row.reasons[0] && <span className="rs-reason">{riskReason(row.reasons[0], t)}</span>}
      </span>
      <span className="rs-date">
        {row.lastVisitOn ? (
          <>
            {row.lastVisitOn} <small>{row.lastVisitOn === today ? t('roster.todayShort') : t('roster.daysAgo', { days: daysBetween(row.lastVisitOn, today) })}</small>
          </>
        ) : (
          <span className="muted">{t('roster.never')}</span>
        )}
      </span>
    </>
  );
}
