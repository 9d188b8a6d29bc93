import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SearchHit } from '../../../shared/domain/types';
import { desk } from '../desk/connect';
import { useNav } from '../state/nav';
import { SearchResults } from './SearchResults';

/** Marks "keystroke -> results painted" so the bench can read it with performance.getEntriesByName. */
export const SEARCH_PAINT_MEASURE = 'desk:search-paint';

export function SearchBox() {
  const { t } = useTranslation();
  const go = useNav((s) => s.go);
  const input = useRef<HTMLInputElement>(null);
  const [query, setQuery] = useState('');
  const [answer, setAnswer] = useState<{ query: string; hits: SearchHit[] } | null>(null);
  const [selected, setSelected] = useState(0);
  const [open, setOpen] = useState(false);
  const seq = useRef(0);
  const typedAt = useRef<number | null>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        input.current?.focus();
        input.current?.select();
        setOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // Whether the last mousemove went somewhere: hits drawn under a pointer at rest get mouseenter/mouseover
  // (mousemove too, at the same spot), and that hit took the selection: Enter opened the wrong customer.
  const pointerMoved = useRef(false);
  useEffect(() => {
    let last: { x: number; y: number } | null = null;
    const onMove = (e: MouseEvent) => {
      pointerMoved.current = last !== null && (e.clientX !== last.x || e.clientY !== last.y);
      last = { x: e.clientX, y: e.clientY };
    };
    // Capture on window: seen before the hit's own handler.
    window.addEventListener('mousemove', onMove, { capture: true, passive: true });
    return () => window.removeEventListener('mousemove', onMove, { capture: true });
  }, []);

  // The search of the text as typed last: Enter pressed before it answered waits for it.
  const latest = useRef<Promise<SearchHit[] | null>>(Promise.resolve(null));

  async function search(text: string): Promise<SearchHit[] | null> {
    const mine = ++seq.current;
    if (text.trim() === '') {
      setAnswer(null);
      return null;
    }
    const result = await desk.customers.search({ query: text.slice(0, 64) });
    if (mine !== seq.current) return null; // a later keystroke already asked again
    const hits = result.ok ? result.value : [];
    setAnswer({ query: text, hits });
    setSelected(0);
    return hits;
  }
  const run = (text: string) => {
    latest.current = search(text);
  };

  useLayoutEffect(() => {
    const start = typedAt.current;
    if (start === null || !answer) return;
    typedAt.current = null;
    requestAnimationFrame(() =>
      setTimeout(() => performance.measure(SEARCH_PAINT_MEASURE, { start, end: performance.now(), detail: answer.query }), 0),
    );
  }, [answer]);

  function openCustomer(hit: SearchHit | undefined) {
    if (!hit) return;
    setOpen(false);
    input.current?.blur();
    go({ screen: 'customer', customerId: hit.id });
  }

  function onKeyDown(e: React.KeyboardEvent<HTMLInputElement>) {
    const hits = answer?.hits ?? [];
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setSelected((i) => Math.min(i + 1, hits.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setSelected((i) => Math.max(i - 1, 0));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      // The hits on screen may still be those of the text before the last keystroke (5678 typed fast: 567's
      // best match, the wrong customer's preferences at the front desk): then the current text's first hit.
      if (answer?.query === query) openCustomer(hits[selected]);
      else void latest.current.then((fresh) => fresh && openCustomer(fresh[0]));
    } else if (e.key === 'Escape') {
      setQuery('');
      setAnswer(null);
      setOpen(false);
    }
  }

  return (
    <div className="search">
      <input
        ref={input}
        className="search-input"
        type="search"
        autoFocus
        value={query}
        placeholder={t('search.placeholder')}
        aria-label={t('search.placeholder')}
        maxLength={64}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={onKeyDown}
        onChange={(e) => {
          typedAt.current = e.nativeEvent.timeStamp;
          setQuery(e.target.value);
          setSelected(0);
          setOpen(true);
          run(e.target.value);
        }}
      />
      <kbd className="search-kbd">{t('search.shortcut')}</kbd>
      {open && query.trim() !== '' && answer && (
        <SearchResults answer={answer} selected={selected} onPointerMove={(i) => pointerMoved.current && setSelected(i)} onOpen={openCustomer} />
      )}
    </div>
  );
}
