import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PLANNER_ALIGN } from '../../shared/sync/planner-align';
import { i18next } from '../../renderer/src/i18n';

const handlers = fileURLToPath(new URL('../../electron/core/api/handlers/', import.meta.url));

/** Every outbox entry name the core writes (mutate's `name: 'area.verb'`), and the planner's. */
function mutationNames(): string[] {
  const names = new Set<string>([PLANNER_ALIGN]);
  for (const file of readdirSync(handlers).filter((f) => f.endsWith('.ts') && !f.includes('.test.') && !f.includes('.kill'))) {
    for (const m of readFileSync(`${handlers}${file}`, 'utf8').matchAll(/'([a-z][a-zA-Z]*\.[a-z][a-zA-Z]*)'/g)) {
      if (/^(points|appointments|campaigns|cards|complaints|consent|followUps|preferences|roster|suggestions|surveys|tasks|team)\./.test(m[1]!)) names.add(m[1]!);
    }
  }
  return [...names];
}

describe('a refused change is named in words on the Sync screen', () => {
  it('has a name for every change the desk pushes, in Chinese and in English', () => {
    const names = mutationNames();
    expect(names).toContain('tasks.skip');
    for (const lng of ['zh-CN', 'en']) {
      const missing = names.filter((n) => !i18next.exists(`sync.what.${n}`, { lng }));
      expect(missing, lng).toEqual([]);
    }
  });
});
