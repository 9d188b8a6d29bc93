import { useTranslation } from 'react-i18next';
import type { Customer360 } from '../../../shared/domain/customer360';
import { formatBirthday } from '../ui/format';

/** Family and dates: the customer's own birthday (lunar shown with its solar date), wedding, membership, family birthdays. */
export function FamilyPanel({ c }: { c: Customer360 }) {
  const { t, i18n } = useTranslation();
  const next = (n: Customer360['nextBirthday']) =>
    n && (
      <span className="muted">
        {' '}
        · {t('c360.family.next', { date: n.date })}
        {n.age !== null && ` · ${t('c360.family.age', { age: n.age })}`}
      </span>
    );
  return (
    <section className="panel" data-testid="family">
      <h2>{t('c360.family.title')}</h2>
      <dl className="dates">
        {c.birthday && (
          <div>
            <dt>{t('c360.family.birthday')}</dt>
            <dd>
              {formatBirthday(c.birthday, t, i18n.language)}
              {next(c.nextBirthday)}
            </dd>
          </div>
        )}
        {c.weddingDate && (
          <div>
            <dt>{t('c360.family.wedding')}</dt>
            <dd>{c.weddingDate}</dd>
          </div>
        )}
        {c.memberSince && (
          <div>
            <dt>{t('c360.family.member')}</dt>
            <dd>{c.memberSince}</dd>
          </div>
        )}
      </dl>
      {c.family.length === 0 ? (
        <p className="muted">{t('c360.family.none')}</p>
      ) : (
        <ul className="family">
          {c.family.map((f) => (
            <li key={f.id} data-testid="family-member">
              <span className="chip">{t(`c360.family.relation.${f.relation}`)}</span>
              <span className="family-name">{f.name}</span>
              <span>
                {f.birthday ? formatBirthday(f.birthday, t, i18n.language) : '—'}
                {next(f.nextBirthday)}
              </span>
              {f.note && <span className="muted small-text family-note">{f.note}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
