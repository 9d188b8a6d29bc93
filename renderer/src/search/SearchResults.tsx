import { useTranslation } from 'react-i18next';
import { maskPhone } from '../../../shared/domain/phone';
import type { SearchHit } from '../../../shared/domain/types';
import { TierBadge } from '../ui/TierBadge';

interface Props {
  answer: { query: string; hits: SearchHit[] };
  selected: number;
  /** A mousemove over a hit: the box selects it only if the pointer really moved. */
  onPointerMove(index: number): void;
  onOpen(hit: SearchHit): void;
}

/** Shows the part of the phone the advisor typed; the rest stays masked in a list. */
function phoneShown(hit: SearchHit): string {
  return hit.matchedBy === 'phone' ? hit.phone : maskPhone(hit.phone);
}

export function SearchResults({ answer, selected, onPointerMove, onOpen }: Props) {
  const { t } = useTranslation();
  if (answer.hits.length === 0) {
    return (
      <div className="search-results" data-testid="search-results">
        <div className="search-empty">{t('search.noResults', { query: answer.query })}</div>
        <div className="search-hint">{t('search.hint')}</div>
      </div>
    );
  }
  return (
    <ul className="search-results" role="listbox" data-testid="search-results" data-query={answer.query}>
      {answer.hits.map((hit, i) => (
        <li
          key={hit.id}
          role="option"
          aria-selected={i === selected}
          className={i === selected ? 'hit selected' : 'hit'}
          onMouseMove={() => onPointerMove(i)}
          onMouseDown={(e) => {
            e.preventDefault();
            onOpen(hit);
          }}
        >
          <span className="hit-name">{hit.name}</span>
          <TierBadge tier={hit.tier} />
          <span className="hit-plates">
            {hit.plates.map((p) => (
              <span key={p} className={hit.matchedBy === 'plate' && p === hit.matchedText ? 'plate matched' : 'plate'}>
                {p}
              </span>
            ))}
          </span>
          <span className="hit-phone">{phoneShown(hit)}</span>
          <span className="hit-why">{t(`search.matchedBy.${hit.matchedBy}`)}</span>
        </li>
      ))}
    </ul>
  );
}
