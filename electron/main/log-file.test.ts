import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { logFile } from './log-file';

describe("the installed app's log file", () => {
  it('writes whole lines with the time and their source, a line cut across chunks once complete', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'desk-log-')), 'logs');
    const log = logFile(dir);
    log.write('core', '[sync] round failed: HQ did not ans');
    log.write('core', 'wer\n[planner] done\n');
    log.write('main', Buffer.from('core exited (1)\n'));
    const lines = readFileSync(log.path, 'utf8').trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/^\d{4}-\d\d-\d\dT[\d:.]+Z \[core\] \[sync\] round failed: HQ did not answer$/),
      expect.stringMatching(/\[core\] \[planner\] done$/),
      expect.stringMatching(/\[main\] core exited \(1\)$/),
    ]);
  });

  it('starts a new file past its size, keeping the one before as desk.log.1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'desk-log-'));
    const log = logFile(dir, 200);
    for (let i = 0; i < 10; i++) log.write('core', `line ${i} ${'x'.repeat(40)}\n`);
    expect(existsSync(`${log.path}.1`)).toBe(true);
    expect(readFileSync(log.path, 'utf8').length).toBeLessThan(400);
    expect(readFileSync(log.path, 'utf8')).toContain('line 9');
  });
});
