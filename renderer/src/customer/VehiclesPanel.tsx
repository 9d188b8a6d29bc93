import { useTranslation } from 'react-i18next';
import type { Vehicle } from '../../../shared/domain/types';
import { formatNumber } from '../ui/format';

export function VehiclesPanel({ vehicles }: { vehicles: Vehicle[] }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="panel" data-testid="vehicles">
      <h2>{t('customer.vehicles')}</h2>
      <ul className="vehicles">
        {vehicles.map((v) => (
          <li key={v.id}>
            <span className={v.isNewEnergy ? 'plate plate-nev' : 'plate'}>{v.plate}</span>
            <span className="vehicle-model">
              {v.brand} {v.model}
              {v.color ? ` · ${v.color}` : ''}
            </span>
            <span className="muted">
              {t('customer.deliveredOn', { date: v.deliveryDate })}
              {v.mileageKm !== null && ` · ${t('customer.mileage', { km: formatNumber(v.mileageKm, i18n.language) })}`}
            </span>
            <span className="vin">{v.vin}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
