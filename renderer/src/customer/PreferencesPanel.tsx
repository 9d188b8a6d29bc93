import { useTranslation } from 'react-i18next';
import type { Preference } from '../../../shared/domain/types';
import { formatInstantDate } from '../ui/format';

export function PreferencesPanel({ preferences }: { preferences: Preference[] }) {
  const { t } = useTranslation();
  return (
    <section className="panel panel-prefs" data-testid="preferences">
      <h2>{t('customer.preferences')}</h2>
      {preferences.length === 0 ? (
        <p className="muted">{t('customer.noPreferences')}</p>
      ) : (
        <ul className="prefs">
          {preferences.map((p) => (
            <li key={p.id}>
              <span className={`pref-cat cat-${p.category}`}>{t(`prefCategory.${p.category}`)}</span>
              <span className="pref-value">{p.value}</span>
              <span className="pref-who">{t('customer.notedBy', { who: p.notedBy ?? '—', when: formatInstantDate(p.notedAt) })}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
