// Child process of notes.kill.test.ts: logs one follow-up through a real core, then is killed
// (SIGKILL, no clean close) the moment the answer arrives, like an app killed right after the click.
import { fixedDayClock } from '../../clock';
import { createCore } from '../../core';
import { deskClient } from '../../testing/client';

const [file, customerId] = process.argv.slice(2) as [string, string];
const core = createCore({ dbFile: file, clock: fixedDayClock('2026-11-24'), autoPlan: false });
const desk = deskClient(core);
await desk.signIn('adv-1');
const r = await desk.call('notes', 'logFollowUp', { customerId, channel: 'call', outcome: 'booked', note: '杀进程前最后一次点击', nextDate: '2026-11-30' });
process.stdout.write(`${JSON.stringify(r)}\n`, () => process.kill(process.pid, 'SIGKILL'));
