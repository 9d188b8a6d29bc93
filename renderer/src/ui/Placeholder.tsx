import { useTranslation } from 'react-i18next';

/** An honest empty screen: says what will be here, shows no fake data. */
export function Placeholder({ screen }: { screen: 'today' | 'customers' | 'cards' | 'team' }) {
  const { t } = useTranslation();
  return (
    <section className="screen">
      <h1>{t(`screens.${screen}.title`)}</h1>
      <div className="empty-state" data-testid={`empty-${screen}`}>
        <p>{t(`screens.${screen}.body`)}</p>
      </div>
    </section>
  );
}
