import { useCallback, useEffect, useRef, useState } from 'react';
import type { DeskError, Result } from '../../../shared/api/result';
import type { Customer360 } from '../../../shared/domain/customer360';
import { desk } from '../desk/connect';

/** Tables the customer view shows: a db:changed naming one of them reloads it. */
const SHOWN = new Set(['customers', 'preferences', 'interactions', 'surveys', 'complaints', 'customer_channel_consents', 'tasks', 'card_reminders', 'visits', 'vehicles', 'family_members', 'auto_messages']);

export type CustomerLoad = { state: 'loading' } | { state: 'error'; error: DeskError } | { state: 'ok'; value: Customer360 };

/**
 * Customer 360 for the view: loaded on open, reloaded (keeping the current answer on screen)
 * after a write here or when another window changes what it shows.
 */
export function useCustomer360(customerId: string): { loaded: CustomerLoad; reload: () => void } {
  const [loaded, setLoaded] = useState<CustomerLoad>({ state: 'loading' });
  const seq = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const load = useCallback(() => {
    const mine = ++seq.current;
    void desk.customers.get({ id: customerId }).then((r) => {
      if (mine !== seq.current) return;
      setLoaded(r.ok ? { state: 'ok', value: r.value } : { state: 'error', error: r.error });
    });
  }, [customerId]);
  // A write here answers, then its db:changed arrives: one reload for both (each load is an audited view).
  const reload = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = null;
      load();
    }, 40);
  }, [load]);
  useEffect(() => {
    setLoaded({ state: 'loading' });
    load();
    const stop = desk.on('db:changed', ({ tables }) => {
      if (tables.some((t) => SHOWN.has(t))) reload();
    });
    return () => {
      stop();
      if (timer.current) clearTimeout(timer.current);
    };
  }, [load, reload]);
  return { loaded, reload };
}

export type WriteState = { state: 'idle' } | { state: 'saving' } | { state: 'error'; error: DeskError };

/** One write from a form: saving state, and the error (named field) to show next to that field. */
export function useWrite() {
  const [write, setWrite] = useState<WriteState>({ state: 'idle' });
  const run = useCallback(async <T,>(call: () => Promise<Result<T>>): Promise<T | null> => {
    setWrite({ state: 'saving' });
    const r = await call();
    if (r.ok) {
      setWrite({ state: 'idle' });
      return r.value;
    }
    setWrite({ state: 'error', error: r.error });
    return null;
  }, []);
  const clear = useCallback(() => setWrite({ state: 'idle' }), []);
  return { write, run, clear, saving: write.state === 'saving', error: write.state === 'error' ? write.error : null };
}
