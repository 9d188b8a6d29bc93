import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** The first `page` items of a long list, and a button for more: nothing is hidden without saying so. */
export function usePaged<T>(items: readonly T[], page: number): { shown: readonly T[]; more: React.ReactNode } {
  const { t } = useTranslation();
  const [count, setCount] = useState(page);
  const rest = items.length - count;
  return {
    shown: items.slice(0, count),
    more:
      rest > 0 ? (
        <button className="small link more" onClick={() => setCount((n) => n + page * 5)}>
          {t('c360.showMore', { count: Math.min(page * 5, rest) })}
        </button>
      ) : null,
  };
}
