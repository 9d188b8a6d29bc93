// Lint = the layer rule of docs/architecture.md: who may import whom. It fails `npm test`.
import tseslint from 'typescript-eslint';

const node = { group: ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'http', 'net', 'url', 'util'], message: 'Node built-ins belong to electron/core, electron/main or hq.' };
const regex = (pattern, message) => ({ regex: pattern, message });

const layer = (files, patterns) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns }] },
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'release/**', '**/*.generated.ts'] },
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@typescript-eslint': tseslint.plugin },
    // An import or variable nobody uses is a leftover (a `_name` says "unused on purpose").
    rules: { '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }] },
  },
  layer(['shared/**/*.{ts,tsx}'], [
    { group: ['electron', 'react', 'react-dom', 'kysely', 'better-sqlite3', 'ws', 'zustand', 'i18next', 'react-i18next'], message: 'shared/ is pure: no electron, React, database or IO packages.' },
    node,
    regex('(^|/)(electron|renderer|hq|migrations)(/|$)', 'shared/ imports nothing outside shared/.'),
  ]),
  layer(['renderer/src/**/*.{ts,tsx}'], [
    { group: ['electron', 'better-sqlite3', 'kysely', 'ws', 'pinyin-pro'], message: 'The renderer talks to the core only through window.desk.' },
    node,
    regex('(^|/)(electron|hq|migrations)(/|$)', 'The renderer may import shared/ and UI packages only.'),
  ]),
  layer(['electron/core/**/*.ts'], [
    { group: ['electron', 'react', 'react-dom', 'zustand'], message: 'The core runs in plain Node: never electron or UI packages.' },
    regex('(^|/)(renderer|hq)(/|$)', 'The core may import shared/, migrations and Node packages only.'),
    regex('(^|/)electron/(main|preload)(/|$)|^\\.\\./(main|preload)(/|$)', 'The core never imports the Electron shell.'),
  ]),
  layer(['electron/main/**/*.ts'], [
    { group: ['better-sqlite3', 'kysely', 'react', 'react-dom'], message: 'Electron main never touches the database or UI code.' },
    regex('(^|/)(renderer|hq)(/|$)|(^|/)core(/|$)', 'Electron main talks to the core over a MessagePort, not by import.'),
  ]),
  layer(['electron/preload/**/*.ts'], [
    { group: ['better-sqlite3', 'kysely', 'react', 'react-dom'], message: 'The preload exposes the desk API only.' },
    node,
    regex('(^|/)(renderer|hq)(/|$)|(^|/)(core|main)(/|$)', 'The preload may import electron and shared/api only.'),
  ]),
  layer(['hq/**/*.ts'], [
    { group: ['electron', 'react', 'react-dom', 'better-sqlite3'], message: 'HQ is a Node server with its own database code.' },
    regex('(^|/)(renderer|electron)(/|$)', 'HQ may import shared/ only.'),
  ]),
  // SQL lives only in core repositories (electron/core/repos): API handlers, the status module and the CLI call them.
  {
    files: ['electron/core/api/**/*.ts', 'electron/core/status/**/*.ts', 'electron/core/cli/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name=/^(prepare|exec|selectFrom|insertInto|updateTable|deleteFrom)$/]",
          message: 'SQL belongs in electron/core/repos: call a repository function instead.',
        },
      ],
    },
  },
);
