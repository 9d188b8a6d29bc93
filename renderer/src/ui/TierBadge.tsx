import { useTranslation } from 'react-i18next';
import type { Tier } from '../../../shared/domain/types';

export function TierBadge({ tier }: { tier: Tier }) {
  const { t } = useTranslation();
  return <span className={`tier tier-${tier}`}>{t(`tier.${tier}`)}</span>;
}
