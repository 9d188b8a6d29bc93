import { fixedDayClock } from '../../electron/core/clock';
import { createCore } from '../../electron/core/core';

/**
 * A desk core in a process of its own, for "killed mid-pull": opens the desk's SQLite file, runs one
 * sync round (small pages, so a pull takes several requests) and prints its state. The fault test
 * SIGKILLs it while the pull is under way, then reopens the same file in the test process.
 * With HQ_URL and CODE it enrols a fresh desk first, so the kill lands in the initial sync.
 * Usage: node --import tsx desk-child.ts DB_FILE PAGE_LIMIT [HQ_URL CODE]
 */
const [dbFile, pageLimit = '5', hqUrl, code] = process.argv.slice(2);
if (!dbFile) throw new Error('usage: desk-child.ts DB_FILE PAGE_LIMIT');
const core = createCore({
  dbFile,
  clock: fixedDayClock('2026-11-24'),
  autoPlan: false,
  autoSync: false,
  syncOptions: { pageLimit: Number(pageLimit), soonMs: 600_000, intervalMs: 600_000, backoff: { baseMs: 600_000, maxMs: 600_000 } },
});
process.stdout.write('ready\n');
if (hqUrl && code) {
  await core.context.sync.connect({ hqUrl, code, deviceName: 'desk killed in its initial sync' });
  await core.context.sync.idle();
}
const status = await core.context.sync.syncNow();
process.stdout.write(`${JSON.stringify({ state: status.state, pending: status.pending })}\n`);
await core.close();
