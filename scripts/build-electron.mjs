// Bundles the Electron shell and the core for the packaged app: dist/electron/{main,preload,core}.cjs.
// `electron` stays external (provided by the Electron runtime, and possibly not installed here);
// better-sqlite3 stays external because it is a native module that electron-builder rebuilds.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}dist/electron`;

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22', // Electron 41's Node
  sourcemap: 'linked',
  logLevel: 'warning',
  legalComments: 'none',
};

const bundles = [
  { entryPoints: ['electron/main/main.ts'], outfile: `${outdir}/main.cjs`, external: ['electron'] },
  { entryPoints: ['electron/preload/preload.ts'], outfile: `${outdir}/preload.cjs`, external: ['electron'] },
  { entryPoints: ['electron/core/utility-entry.ts'], outfile: `${outdir}/core.cjs`, external: ['better-sqlite3'] },
];

try {
  await Promise.all(bundles.map((options) => build({ ...common, ...options })));
} catch (error) {
  console.error(`build-electron: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}

// The core must run in plain Node too; a stray electron import would break that silently.
const coreSource = readFileSync(`${outdir}/core.cjs`, 'utf8');
if (/require\(\s*["']electron["']\s*\)/.test(coreSource)) {
  console.error('build-electron: dist/electron/core.cjs requires "electron"; the core must never import it.');
  process.exit(1);
}
console.log('build-electron: wrote dist/electron/main.cjs, preload.cjs, core.cjs');
