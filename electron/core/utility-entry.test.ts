import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDbFile } from './testing/fixture';
import { fileTokenStore, tokenFileFor } from './sync/token-store';

describe('the core in the Electron utility process gets the HQ token from main', () => {
  it("asks main for the token before it opens ('token?'), reports ready after the answer, and writes no token file of its own", () => {
    const tmp = tempDbFile();
    const child = fileURLToPath(new URL('./utility-entry.child.ts', import.meta.url));
    const run = spawnSync(process.execPath, ['--import', 'tsx', child, tmp.file, 's.d.secret'], { encoding: 'utf8', timeout: 60_000 });
    expect(run.status, run.stderr).toBe(0);
    const messages = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string });
    expect(messages.map((m) => m.type)).toEqual(['token?', 'ready']);
    expect(fileTokenStore(tokenFileFor(tmp.file)).read()).toBeNull();
    tmp.cleanup();
  });
});
