import { useTranslation } from 'react-i18next';
import type { FlagCounts } from '../../../shared/api/areas/radar';

const FLAGS = ['red', 'yellow', 'green'] as const;

/** Red / yellow / green as one stacked bar, each part as wide as its share. */
export function FlagBar({ counts, tall }: { counts: FlagCounts; tall?: boolean }) {
  const { t } = useTranslation();
  const share = { red: counts.redShare, yellow: counts.yellowShare, green: counts.greenShare };
  return (
    <div className={tall ? 'rd-bar tall' : 'rd-bar'} role="img" aria-label={FLAGS.map((f) => `${t(`radar.flag.${f}`)} ${counts[f]}`).join(' · ')}>
      {FLAGS.map((f) => (share[f] > 0 ? <span key={f} className={`rd-part part-${f}`} style={{ width: `${share[f] * 100}%` }} /> : null))}
    </div>
  );
}
