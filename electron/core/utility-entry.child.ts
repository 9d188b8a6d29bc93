/**
 * Runs utility-entry.ts under plain Node with a stand-in for Electron's `process.parentPort` that
 * plays Electron main: answers 'token?' with the token main keeps, asks the core to shut down once
 * it is ready. Every message the core sends is printed as a JSON line (utility-entry.test.ts).
 * Usage: node --import tsx utility-entry.child.ts DB_FILE TOKEN
 */
const [dbFile, token] = process.argv.slice(2);
type Listener = (event: { data: unknown; ports: unknown[] }) => void;
const listeners: Listener[] = [];
const toCore = (data: unknown) => setImmediate(() => listeners.forEach((l) => l({ data, ports: [] })));
(process as unknown as { parentPort: unknown }).parentPort = {
  on: (_event: 'message', listener: Listener) => listeners.push(listener),
  postMessage(message: { type?: string }) {
    process.stdout.write(`${JSON.stringify(message)}\n`);
    if (message.type === 'token?') toCore({ type: 'token', token });
    if (message.type === 'ready') toCore({ type: 'shutdown' });
  },
};
process.argv.push(`--db=${dbFile}`);
await import('./utility-entry');
export {};
