import { useCallback, useEffect, useRef, useState } from 'react';
import type { DeskError, Result } from '../../../shared/api/result';
import { desk } from '../desk/connect';

export type Live<T> = { state: 'loading' } | { state: 'error'; error: DeskError } | { state: 'ok'; value: T };

/**
 * One desk query kept live: loaded when `key` changes, reloaded in place (the current answer stays
 * on screen) after a write here or when a db:changed event names one of `tables`.
 */
export function useLiveQuery<T>(load: () => Promise<Result<T>>, key: string, tables: readonly string[], options: { keepWhileLoading?: boolean } = {}): { live: Live<T>; reload: () => void } {
  const [live, setLive] = useState<Live<T>>({ state: 'loading' });
  const seq = useRef(0);
  const loader = useRef(load);
  loader.current = load;
  const reload = useCallback(() => {
    const mine = ++seq.current;
    void loader.current().then((r) => {
      if (mine === seq.current) setLive(r.ok ? { state: 'ok', value: r.value } : { state: 'error', error: r.error });
    });
  }, []);
  const tableKey = tables.join(',');
  const keep = options.keepWhileLoading ?? false;
  useEffect(() => {
    if (!keep) setLive({ state: 'loading' });
    reload();
    const watched = new Set(tableKey.split(','));
    return desk.on('db:changed', ({ tables: changed }) => {
      if (changed.some((t) => watched.has(t))) reload();
    });
  }, [key, tableKey, reload, keep]);
  return { live, reload };
}

/** One write from a form: saving state and the error to show next to the field it names. */
export function useSubmit() {
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<DeskError | null>(null);
  const run = useCallback(async <T,>(call: () => Promise<Result<T>>): Promise<T | null> => {
    setSaving(true);
    setError(null);
    const r = await call();
    setSaving(false);
    if (r.ok) return r.value;
    setError(r.error);
    return null;
  }, []);
  return { saving, error, setError, run };
}

/** A whole number typed by a person, or null when it is not one (the core names the field either way). */
export function parseWhole(text: string): number | null {
  const clean = text.replace(/[,，\s]/g, '');
  return /^-?\d+$/.test(clean) ? Number(clean) : null;
}

/** An instant (ISO UTC) as the store's local date and time, e.g. '2026-11-24 14:05'. */
export function storeTime(instant: string, timezone: string | undefined): string {
  const d = new Date(instant);
  if (Number.isNaN(d.getTime())) return instant;
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: timezone ?? 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(d);
  const p = (type: string) => parts.find((x) => x.type === type)?.value ?? '';
  return `${p('year')}-${p('month')}-${p('day')} ${p('hour')}:${p('minute')}`;
}
