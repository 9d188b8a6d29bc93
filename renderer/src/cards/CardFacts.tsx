import { useTranslation } from 'react-i18next';
import type { CardItem } from '../../../shared/domain/cards';
import { formatLunarOf, formatNumber } from '../ui/format';
import { dayLabel } from './dates';

/** The occasion in words: 孩子生日 · 王小宝, 购车纪念日 · 粤A12345 帕萨特. */
export function occasionText(card: CardItem, t: (k: string) => string): string {
  return card.subjectName ? `${t(`cards.occasion.${card.occasion}`)} · ${card.subjectName}` : t(`cards.occasion.${card.occasion}`);
}

/** The occasion day in solar and lunar form, the lunar one first when the customer keeps it. */
export function OccasionDate({ card }: { card: CardItem }) {
  const { t, i18n } = useTranslation();
  const solar = dayLabel(card.occasionDate, i18n.language);
  return (
    <span className="card-when">
      <span className="card-solar">{solar}</span>
      {card.lunarLabel && (
        <span className={card.keptLunar ? 'card-lunar kept' : 'card-lunar'} title={card.keptLunar ? t('cards.keptLunar') : undefined}>
          {formatLunarOf(card.occasionDate, i18n.language)}
          {card.keptLunar && <small>{t('cards.keptLunar')}</small>}
        </span>
      )}
    </span>
  );
}

/** What to mention: facts about this customer, never a drafted greeting. */
export function CardPrompts({ card }: { card: CardItem }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const zh = lang.startsWith('zh');
  const p = card.prompts;
  const nothing = p.preferences.length === 0 && p.family.length === 0;
  return (
    <dl className="card-prompts">
      {p.vehicles.map((v) => (
        <div key={v.vehicleId} className="card-prompt">
          <dt>{t('cards.car')}</dt>
          <dd>
            <strong>{v.brand} {v.model}</strong> <span className="plate">{v.plate}</span>{' '}
            <span className="card-fact">{v.yearsOwned > 0 ? t('cards.delivered', { date: v.deliveryDate, years: v.yearsOwned }) : t('cards.deliveredNew', { date: v.deliveryDate })}</span>
            {v.mileageKm !== null && <span className="card-fact"> · {t('cards.km', { km: formatNumber(v.mileageKm, lang) })}</span>}
            {v.milestones.slice(0, 2).map((m) => (
              <span key={m.km} className="card-milestone">
                {t('cards.milestone', { km: formatNumber(m.km, lang), date: m.date })}
              </span>
            ))}
          </dd>
        </div>
      ))}
      {p.recentServices.length > 0 && (
        <div className="card-prompt">
          <dt>{t('cards.services')}</dt>
          <dd>{p.recentServices.map((s) => `${s.date} ${t(`visitType.${s.type}`)}`).join(' · ')}</dd>
        </div>
      )}
      {p.preferences.length > 0 && (
        <div className="card-prompt">
          <dt>{t('cards.prefs')}</dt>
          <dd className="card-chips">
            {p.preferences.slice(0, 6).map((x, i) => (
              <span key={i} className="card-chip">
                <small>{t(`prefCategory.${x.category}`)}</small>
                {x.value}
              </span>
            ))}
          </dd>
        </div>
      )}
      {p.family.length > 0 && (
        <div className="card-prompt">
          <dt>{t('cards.family')}</dt>
          <dd>{p.family.map((f) => `${t(`cards.relation.${f.relation}`)} ${f.name}${f.note ? (zh ? `（${f.note}）` : ` (${f.note})`) : ''}`).join(zh ? '；' : '; ')}</dd>
        </div>
      )}
      {card.occasion === 'child_birthday' && (
        // DOMAIN.md: a child's birthday comes with a child-seat check to offer.
        <div className="card-prompt" data-testid="child-seat">
          <dt>{t('cards.offer')}</dt>
          <dd>{t('cards.childSeat')}</dd>
        </div>
      )}
      {nothing && <p className="muted card-nothing">{t('cards.nothingKnown')}</p>}
    </dl>
  );
}
