import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open';
import { addCustomer, createTestStore } from '../../testing/fixture';

describe('a write survives the app being killed right after the click', () => {
  it('keeps the follow-up, its task, the audit and outbox entries after SIGKILL', async () => {
    const fixture = await createTestStore();
    await addCustomer(fixture.opened, { id: 'c-1', name: '王伟', phone: '13812345678', plates: ['粤A12345'] });
    await fixture.opened.close();

    const child = fileURLToPath(new URL('./notes.kill-child.ts', import.meta.url));
    const run = spawnSync(process.execPath, ['--import', 'tsx', child, fixture.file, 'c-1'], { encoding: 'utf8', timeout: 60_000 });
    expect(run.signal).toBe('SIGKILL'); // it did not close the database cleanly
    const answer = JSON.parse(run.stdout.trim().split('\n').pop()!);
    expect(answer.ok).toBe(true);

    const reopened = openDatabase(fixture.file);
    try {
      const q = (sql: string, ...args: unknown[]) => reopened.sqlite.prepare(sql).get(...args);
      expect(q('SELECT channel, outcome, note FROM interactions WHERE id = ?', answer.value.id)).toEqual({ channel: 'call', outcome: 'booked', note: '杀进程前最后一次点击' });
      expect(q('SELECT rule, due_date FROM tasks WHERE id = ?', answer.value.taskId)).toEqual({ rule: 'manual_follow_up', due_date: '2026-11-30' });
      expect(q("SELECT count(*) AS n FROM audit_log WHERE entity = 'interaction' AND entity_id = ?", answer.value.id)).toEqual({ n: 1 });
      expect(q("SELECT count(*) AS n FROM outbox WHERE name = 'followUps.log'")).toEqual({ n: 1 });
    } finally {
      await reopened.close();
      await fixture.cleanup().catch(() => {});
    }
  });
});
