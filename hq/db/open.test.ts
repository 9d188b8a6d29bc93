import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataDirInUseError, lockDataDir, openHq } from './open';

describe('the embedded database folder: one process at a time', () => {
  it('refuses a second opener while the first holds it, and opens once it let go', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'hq-lock-')), 'data');
    const first = await openHq({ dataDir: dir });
    try {
      // As an admin command beside the running server: refused in words, the folder untouched.
      await expect(openHq({ dataDir: dir })).rejects.toThrow(DataDirInUseError);
      await expect(openHq({ dataDir: dir })).rejects.toThrow(/in use by process \d+/);
    } finally {
      await first.close();
    }
    expect(existsSync(`${dir}.lock`)).toBe(false);
    const again = await openHq({ dataDir: dir });
    await again.close();
  }, 60_000);

  it('takes over a lock left by a process that is gone', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'hq-lock-')), 'data');
    writeFileSync(`${dir}.lock`, '2147483646'); // no such process
    const release = lockDataDir(dir);
    expect(() => lockDataDir(dir)).toThrow(DataDirInUseError);
    release();
    lockDataDir(dir)();
    // Our own pid in it: an earlier run of the same process number (a container's pid 1) killed before it let go.
    writeFileSync(`${dir}.lock`, String(process.pid));
    lockDataDir(dir)();
  });
});
