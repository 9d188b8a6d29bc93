import { useTranslation } from 'react-i18next';
import { useSession } from '../state/session';
import { SyncPanel } from '../sync/SyncPanel';
import { LanguageSwitch } from './LanguageSwitch';

export function Settings() {
  const { t } = useTranslation();
  const { setup, staff } = useSession();
  return (
    <section className="screen">
      <h1>{t('settings.title')}</h1>
      <div className="settings-grid">
        <section className="panel">
          <h2>{t('settings.language')}</h2>
          <LanguageSwitch />
        </section>
        <section className="panel">
          <h2>{t('settings.store')}</h2>
          <p>
            {setup?.store?.name} <span className="muted">({setup?.store?.code})</span>
          </p>
          <p className="muted">
            {t('settings.signedInAs')}: {staff?.name} · {staff ? t(`role.${staff.role}`) : ''}
          </p>
        </section>
        <SyncPanel />
      </div>
    </section>
  );
}
