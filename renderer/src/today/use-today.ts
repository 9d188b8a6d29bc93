import { useCallback, useEffect, useRef, useState } from 'react';
import type { DeskError, Result } from '../../../shared/api/result';
import { desk } from '../desk/connect';

export type Live<T> = { state: 'loading' } | { state: 'error'; error: DeskError } | { state: 'ok'; value: T };

/**
 * One desk query for a screen, kept on screen while it reloads: after a write here, when another
 * window's write names one of `tables` (db:changed), or when the planner finished a run.
 */
export function useLive<T>(load: () => Promise<Result<T>>, key: string, tables: readonly string[]): { live: Live<T>; reload: () => void } {
  const [live, setLive] = useState<Live<T>>({ state: 'loading' });
  const seq = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const loadRef = useRef(load);
  loadRef.current = load;
  const run = useCallback(() => {
    const mine = ++seq.current;
    void loadRef.current().then((r) => {
      if (mine === seq.current) setLive(r.ok ? { state: 'ok', value: r.value } : { state: 'error', error: r.error });
    });
  }, []);
  // A write here answers, then its db:changed arrives: one reload for both.
  const reload = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = null;
      run();
    }, 40);
  }, [run]);
  useEffect(() => {
    setLive({ state: 'loading' });
    run();
    const shown = new Set(tables);
    const stopChanged = desk.on('db:changed', ({ tables: changed }) => {
      if (changed.some((t) => shown.has(t))) reload();
    });
    const stopPlanned = desk.on('planner:done', () => reload());
    return () => {
      stopChanged();
      stopPlanned();
      if (timer.current) clearTimeout(timer.current);
    };
  }, [key, run, reload]);
  return { live, reload };
}
