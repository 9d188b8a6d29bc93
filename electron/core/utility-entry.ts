import type { WireMessage } from '../../shared/api/desk';
import { createCore, type Core } from './core';
import { relayTokenStore, type TokenMessage } from './sync/token-store';

/**
 * Entry of the core when Electron main starts it with `utilityProcess.fork(core.cjs, ['--db=PATH'])`.
 * Never imports electron: the utility process exposes `process.parentPort`, typed locally below.
 *
 * Control messages (main <-> core; main cannot import the core, so they are mirrored in electron/main/main.ts):
 *   core -> main: { type: 'token?' } at start; main answers { type: 'token', token } (the HQ device token it keeps with safeStorage)
 *   main -> core: { type: 'connect' } + one MessagePort (a window), { type: 'shutdown' }
 *   core -> main: { type: 'ready' } once the core is open, { type: 'fatal', message },
 *                 { type: 'token:write', token } / { type: 'token:clear' } when the token changes (main persists it)
 */

/** Electron's MessagePortMain, as much of it as the core uses. */
interface PortMain {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  on(event: 'close', listener: () => void): void;
  postMessage(message: unknown): void;
  start(): void;
  close(): void;
}

interface ParentPort {
  on(event: 'message', listener: (event: { data: unknown; ports: PortMain[] }) => void): void;
  postMessage(message: unknown): void;
}

const parentPort = (process as NodeJS.Process & { parentPort?: ParentPort }).parentPort;

function dbFileFromArgs(argv: readonly string[]): string | undefined {
  const flag = argv.find((arg) => arg.startsWith('--db='));
  return flag ? flag.slice('--db='.length) : process.env.DESK_DB || undefined;
}

function fail(message: string): never {
  parentPort?.postMessage({ type: 'fatal', message });
  console.error(`[core] ${message}`);
  process.exit(1);
}

function attach(core: Core, port: PortMain): void {
  let open = true;
  const connection = core.connect((message: WireMessage) => {
    if (open) port.postMessage(message);
  });
  port.on('message', (event) => {
    connection.receive(event.data as WireMessage).catch((error: unknown) => {
      console.error('[core] call failed outside dispatch:', error);
    });
  });
  port.on('close', () => {
    open = false;
    connection.close();
  });
  port.start();
}

function startCore(dbFile: string, token: string | null, send: (message: TokenMessage) => void): Core {
  try {
    return createCore({ dbFile, tokenStore: relayTokenStore(token, send) });
  } catch (error) {
    // e.g. a database from a newer app version: main shows this text to the user.
    fail(error instanceof Error ? error.message : String(error));
  }
}

function main(): void {
  if (!parentPort) {
    console.error('utility-entry runs only as an Electron utilityProcess; under plain Node use the browser harness.');
    process.exit(2);
  }
  process.on('uncaughtException', (error) => fail(error.stack ?? String(error)));
  process.on('unhandledRejection', (reason) => fail(reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)));

  const dbFile = dbFileFromArgs(process.argv);
  if (!dbFile) fail('No database file: pass --db=PATH or set DESK_DB.');

  const port = parentPort;
  let core: Core | null = null;
  port.on('message', (event) => {
    const data = event.data as { type?: string; token?: unknown } | null;
    if (data?.type === 'token' && !core) {
      // Main's answer to 'token?': now the core can start (its sync needs the token).
      core = startCore(dbFile, typeof data.token === 'string' ? data.token : null, (m) => port.postMessage(m));
      port.postMessage({ type: 'ready' });
    } else if (data?.type === 'connect') {
      const windowPort = event.ports[0];
      if (windowPort && core) attach(core, windowPort);
    } else if (data?.type === 'shutdown') {
      if (!core) process.exit(0);
      core.close().then(
        () => process.exit(0),
        (error: unknown) => fail(`Closing the database failed: ${String(error)}`),
      );
    }
  });
  port.postMessage({ type: 'token?' });
}

main();
