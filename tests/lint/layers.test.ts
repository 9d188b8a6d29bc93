import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The layer rule must be able to fail: each forbidden import below is linted as if it lived in that folder.
const eslint = new ESLint({ cwd: process.cwd() });

async function errorsFor(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.severity === 2).map((m) => m.ruleId ?? m.message);
}

describe('layer rule (docs/architecture.md)', () => {
  it.each([
    ['shared/domain/x.ts', "import { readFileSync } from 'node:fs';"],
    ['shared/domain/x.ts', "import { Kysely } from 'kysely';"],
    ['shared/api/x.ts', "import { openDatabase } from '../../electron/core/db/open';"],
    ['shared/api/x.ts', "import { useState } from 'react';"],
    ['renderer/src/x.ts', "import { ipcRenderer } from 'electron';"],
    ['renderer/src/x.ts', "import Database from 'better-sqlite3';"],
    ['renderer/src/x.ts', "import { createCore } from '../../electron/core/core';"],
    ['renderer/src/x.ts', "import { homedir } from 'node:os';"],
    ['electron/core/x.ts', "import { app } from 'electron';"],
    ['electron/core/x.ts', "import { App } from '../../renderer/src/App';"],
    ['electron/main/x.ts', "import Database from 'better-sqlite3';"],
    ['electron/main/x.ts', "import { createCore } from '../core/core';"],
    ['electron/preload/x.ts', "import { readFileSync } from 'node:fs';"],
    ['hq/x.ts', "import { createCore } from '../electron/core/core';"],
  ])('%s may not: %s', async (file, code) => {
    expect(await errorsFor(file, code)).toContain('no-restricted-imports');
  });

  it.each([
    ['shared/domain/x.ts', "import { z } from 'zod';\nexport const uses = [z];"],
    ['renderer/src/x.ts', "import { contract } from '../../shared/api/contract';\nexport const uses = [contract];"],
    ['electron/core/x.ts', "import BetterSqlite3 from 'better-sqlite3';\nimport { contract } from '../../shared/api/contract';\nexport const uses = [BetterSqlite3, contract];"],
    ['electron/preload/x.ts', "import { contextBridge } from 'electron';\nimport { createDeskClient } from '../../shared/api/desk';\nexport const uses = [contextBridge, createDeskClient];"],
  ])('%s may: %s', async (file, code) => {
    expect(await errorsFor(file, code)).toEqual([]);
  });
});

describe('no leftovers', () => {
  it.each([
    ['renderer/src/x.ts', "import { contract } from '../../shared/api/contract';"],
    ['electron/core/x.ts', 'export function f(a: number) { const unused = a * 2; return a; }'],
  ])('%s: an unused import or variable fails: %s', async (file, code) => {
    expect(await errorsFor(file, code)).toContain('@typescript-eslint/no-unused-vars');
  });

  it('a _name is unused on purpose', async () => {
    expect(await errorsFor('electron/core/x.ts', 'export function f(_a: number) { const [_first, second] = [1, 2]; return second; }')).toEqual([]);
  });
});

describe('SQL only in core repositories', () => {
  it.each([
    ['electron/core/api/handlers/x.ts', "export const f = (sqlite: any) => sqlite.prepare('SELECT 1').get();"],
    ['electron/core/api/handlers/x.ts', "export const f = (db: any) => db.selectFrom('customers').selectAll().execute();"],
    ['electron/core/status/x.ts', "export const f = (db: any) => db.updateTable('customers').set({}).execute();"],
  ])('%s may not run SQL: %s', async (file, code) => {
    expect(await errorsFor(file, code)).toContain('no-restricted-syntax');
  });

  it('lets a repository run SQL', async () => {
    expect(await errorsFor('electron/core/repos/x.ts', "export const f = (sqlite: any) => sqlite.prepare('SELECT 1').get();")).toEqual([]);
  });
});

