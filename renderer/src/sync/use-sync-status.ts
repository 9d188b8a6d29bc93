import { useEffect, useState } from 'react';
import type { SyncStatus } from '../../../shared/api/areas/sync';
import { desk } from '../desk/connect';

/** The core's sync status, kept live by the 'sync:status' event. */
export function useSyncStatus(): [SyncStatus | null, (s: SyncStatus) => void] {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  useEffect(() => {
    let current = true;
    void desk.sync.status({}).then((r) => {
      if (current && r.ok) setStatus(r.value);
    });
    const off = desk.on('sync:status', (s) => setStatus(s));
    return () => {
      current = false;
      off();
    };
  }, []);
  return [status, setStatus];
}
