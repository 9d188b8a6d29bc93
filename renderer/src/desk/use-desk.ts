import { useEffect, useState } from 'react';
import type { DeskError, Result } from '../../../shared/api/result';

export type Loaded<T> = { state: 'loading' } | { state: 'ok'; value: T } | { state: 'error'; error: DeskError };

/** Loads one desk call for a screen; re-runs when `deps` change and ignores stale answers. */
export function useDeskQuery<T>(load: () => Promise<Result<T>>, deps: unknown[]): Loaded<T> {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  useEffect(() => {
    let current = true;
    setLoaded({ state: 'loading' });
    void load().then((r) => {
      if (current) setLoaded(r.ok ? { state: 'ok', value: r.value } : { state: 'error', error: r.error });
    });
    return () => {
      current = false;
    };
  }, deps);
  return loaded;
}
