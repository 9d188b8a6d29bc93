import { useTranslation } from 'react-i18next';
import { type RosterFilter } from '../../../shared/domain/roster';
import type { RiskFlag } from '../../../shared/domain/rules/radar';
import { TIERS, type Tier } from '../../../shared/domain/types';

const FLAGS: RiskFlag[] = ['red', 'yellow', 'green'];
const NO_VISIT_OPTIONS = [30, 60, 90, 180, 365];
/** The birthday chip: customers whose birthday comes within this many days (the chip says it). */
const BIRTHDAY_SOON_DAYS = 30;

export const EMPTY_FILTER: RosterFilter = { tiers: [], flags: [], noVisitDays: null, birthdayWithinDays: null, text: '' };

function toggle<T>(list: T[], v: T): T[] {
  return list.includes(v) ? list.filter((x) => x !== v) : [...list, v];
}


/** Tier, risk, "no visit in N days", birthdays and a name/plate filter. */
export function Filters({ filter, onChange, filtered }: { filter: RosterFilter; onChange(f: RosterFilter): void; filtered: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="rs-filters" data-testid="roster-filters">
      <input className="rs-input rs-text" type="search" placeholder={t('roster.filter.text')} value={filter.text} onChange={(e) => onChange({ ...filter, text: e.target.value })} aria-label={t('roster.filter.text')} />
      <div className="rs-group" role="group" aria-label={t('roster.filter.tier')}>
        <span className="rs-label">{t('roster.filter.tier')}</span>
        {TIERS.map((tier: Tier) => (
          <button key={tier} className={filter.tiers.includes(tier) ? 'rs-chip active' : 'rs-chip'} aria-pressed={filter.tiers.includes(tier)} onClick={() => onChange({ ...filter, tiers: toggle(filter.tiers, tier) })}>
            {t(`tier.${tier}`)}
          </button>
        ))}
      </div>
      <div className="rs-group" role="group" aria-label={t('roster.filter.risk')}>
        <span className="rs-label">{t('roster.filter.risk')}</span>
        {FLAGS.map((flag) => (
          <button
            key={flag}
            className={filter.flags.includes(flag) ? `rs-chip active flag-${flag}` : `rs-chip flag-${flag}`}
            aria-pressed={filter.flags.includes(flag)}
            onClick={() => onChange({ ...filter, flags: toggle(filter.flags, flag) })}
            data-testid={`filter-flag-${flag}`}
          >
            <span className={`rs-dot dot-${flag}`} />
            {t(`roster.flag.${flag}`)}
          </button>
        ))}
      </div>
      <label className="rs-group">
        <span className="rs-label">{t('roster.filter.noVisit')}</span>
        <select
          className="rs-input"
          value={filter.noVisitDays ?? ''}
          onChange={(e) => onChange({ ...filter, noVisitDays: e.target.value ? Number(e.target.value) : null })}
          data-testid="filter-no-visit"
        >
          <option value="">{t('roster.filter.any')}</option>
          {NO_VISIT_OPTIONS.map((d) => (
            <option key={d} value={d}>
              {t('roster.filter.noVisitDays', { days: d })}
            </option>
          ))}
        </select>
      </label>
      <div className="rs-group">
        <span className="rs-label">{t('roster.filter.birthday')}</span>
        <button
          className={filter.birthdayWithinDays !== null ? 'rs-chip active' : 'rs-chip'}
          aria-pressed={filter.birthdayWithinDays !== null}
          onClick={() => onChange({ ...filter, birthdayWithinDays: filter.birthdayWithinDays === null ? BIRTHDAY_SOON_DAYS : null })}
          data-testid="filter-birthday"
        >
          {t('roster.filter.birthdaySoon', { days: BIRTHDAY_SOON_DAYS })}
        </button>
      </div>
      {filtered && (
        <button className="link" onClick={() => onChange(EMPTY_FILTER)}>
          {t('roster.filter.clear')}
        </button>
      )}
    </div>
  );
}
