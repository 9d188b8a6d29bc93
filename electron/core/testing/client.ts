import type { WireMessage } from '../../../shared/api/desk';
import type { Result } from '../../../shared/api/result';
import type { Core } from '../core';

/** Talks to a real core on a real SQLite file, the way a window does (one connection = one session). */
export function deskClient(core: Core) {
  const results = new Map<number, Result<unknown>>();
  const events: WireMessage[] = [];
  const conn = core.connect((m) => (m.kind === 'result' ? results.set(m.id, m.result) : events.push(m)));
  let id = 0;
  const call = async (area: unknown, verb: unknown, args: unknown): Promise<any> => {
    const mine = ++id;
    await conn.receive({ kind: 'call', id: mine, area: area as string, verb: verb as string, args });
    return results.get(mine)!;
  };
  return {
    events,
    call,
    /** Signs this connection in as a staff member; throws if that fails. */
    async signIn(staffId: string) {
      const r = await call('session', 'signIn', { staffId });
      if (!r.ok) throw new Error(`sign in as ${staffId} failed: ${r.error.message}`);
    },
    close: () => conn.close(),
  };
}
