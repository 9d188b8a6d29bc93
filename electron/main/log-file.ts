import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The installed app's log (a Windows GUI app has no console: the core's and the main process's
 * messages went nowhere, and IT had nothing to collect when sync stopped or the app would not
 * start): `desk.log` in the app's logs folder, each line stamped with the time and where it came
 * from; past `maxBytes` it becomes `desk.log.1` (the one before is dropped) and a new one starts.
 */
export function logFile(dir: string, maxBytes = 5 * 1024 * 1024): { path: string; write(source: string, text: string | Buffer): void } {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'desk.log');
  let pending = '';
  return {
    path,
    write(source, text) {
      pending += String(text);
      const lines = pending.split(/\r?\n/);
      pending = lines.pop() ?? '';
      if (lines.length === 0) return;
      try {
        if ((statSync(path, { throwIfNoEntry: false })?.size ?? 0) > maxBytes) renameSync(path, `${path}.1`);
        const at = new Date().toISOString();
        appendFileSync(path, lines.map((l) => `${at} [${source}] ${l}\n`).join(''));
      } catch {
        // A log that cannot be written must not stop the app.
      }
    },
  };
}
