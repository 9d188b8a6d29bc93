import type { WireMessage } from '../../../shared/api/desk';
import type { Result } from '../../../shared/api/result';
import { fixedDayClock } from '../clock';
import { createCore, type Core } from '../core';

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

/**
 * A core on a fixture's SQLite file on a fixed store day (the planner not started), with a
 * client signed in as `staffId`; `close` ends both.
 */
export async function signedInDesk(dbFile: string, staffId: string, today = '2026-11-24') {
  const core = createCore({ dbFile, clock: fixedDayClock(today), autoPlan: false });
  const client = deskClient(core);
  await client.signIn(staffId);
  return {
    core,
    client,
    close: async () => {
      client.close();
      await core.close();
    },
  };
}
