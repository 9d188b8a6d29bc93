import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db/open';
import { generateDemoStore } from '../demo/generate';
import { tempDbFile } from '../testing/fixture';
import { main } from './desk';

const DESK = fileURLToPath(new URL('../../../bin/desk.mjs', import.meta.url));

/** Runs bin/desk.mjs and reads its output only up to the first line, then closes the pipe (as `| head -1` does). */
function firstLineThenClose(args: string[]): Promise<{ line: string; code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [DESK, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let line: string | null = null;
    child.stdout.on('data', (chunk: Buffer) => {
      if (line !== null) return;
      stdout += chunk.toString();
      const end = stdout.indexOf('\n');
      if (end < 0) return;
      line = stdout.slice(0, end);
      child.stdout.destroy();
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ line: line ?? '', code, stderr }));
  });
}

describe('desk CLI in a pipe', () => {
  it('stops quietly, exit code 0, when the reader closes the pipe early (desk export ... | head)', async () => {
    const tmp = tempDbFile();
    try {
      const opened = openDatabase(tmp.file);
      generateDemoStore(opened, { customers: 1500, seed: 4, today: '2026-11-24' });
      await opened.close();
      expect(await main(['plan', '--db', tmp.file, '--today', '2026-11-24'])).toBe(0);
      // Many more lines than a pipe holds, so the writer is still writing when the reader goes away.
      const r = await firstLineThenClose(['export', '--db', tmp.file, '--what', 'tasks', '--today', '2026-11-24']);
      expect(r.line).toMatch(/due\tstatus/);
      expect(r.stderr).not.toMatch(/EPIPE|Error/);
      expect(r.code).toBe(0);
    } finally {
      tmp.cleanup();
    }
  }, 60_000);
});
