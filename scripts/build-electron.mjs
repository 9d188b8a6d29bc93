// Bundles the Electron shell and the core for the packaged app: dist/electron/{main,preload,core}.cjs.
// `electron` stays external (provided by the Electron runtime, and possibly not installed here);
// better-sqlite3 stays external because it is a native module that electron-builder rebuilds.
//
// `--dist [electron-builder args...]` then packages with build/electron-builder.json (see docs/packaging.md).
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

// import.meta.url in a CommonJS bundle: the bundle's own file URL (the core finds files beside it).
const metaUrl = {
  banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  define: { 'import.meta.url': '__bundleUrl' },
};

const bundles = [
  { entryPoints: ['electron/main/main.ts'], outfile: `${outdir}/main.cjs`, external: ['electron'] },
  { entryPoints: ['electron/preload/preload.ts'], outfile: `${outdir}/preload.cjs`, external: ['electron'] },
  { entryPoints: ['electron/core/utility-entry.ts'], outfile: `${outdir}/core.cjs`, external: ['better-sqlite3'], ...metaUrl },
  // The planner's worker threads (electron/core/planner/workers.ts looks for it beside core.cjs).
  { entryPoints: ['electron/core/planner/plan-worker.ts'], outfile: `${outdir}/plan-worker.cjs`, external: ['better-sqlite3'], ...metaUrl },
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
console.log('build-electron: wrote dist/electron/main.cjs, preload.cjs, core.cjs, plan-worker.cjs');

const distAt = process.argv.indexOf('--dist');
if (distAt !== -1) process.exitCode = await packageApp(process.argv.slice(distAt + 1));

/**
 * electron-builder's npmRebuild recompiles better-sqlite3 for Electron IN PLACE in node_modules,
 * which would leave tests, the harness and benches (plain Node) with a module they cannot load.
 * So its build folder is saved first and put back afterwards, whatever the outcome.
 */
async function packageApp(builderArgs) {
  const native = `${root}node_modules/better-sqlite3/build`;
  const saved = mkdtempSync(join(tmpdir(), 'desk-better-sqlite3-'));
  cpSync(native, saved, { recursive: true });
  const ignore = () => {}; // Ctrl+C reaches electron-builder too; stay alive to restore.
  process.on('SIGINT', ignore);
  process.on('SIGTERM', ignore);
  try {
    const cli = createRequire(import.meta.url).resolve('electron-builder/cli.js');
    return await new Promise((resolve) => {
      const child = spawn(process.execPath, [cli, '--config', 'build/electron-builder.json', ...builderArgs], { cwd: root, stdio: 'inherit' });
      child.on('error', (error) => {
        console.error(`build-electron: could not start electron-builder: ${error.message}`);
        resolve(1);
      });
      child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    });
  } finally {
    rmSync(native, { recursive: true, force: true });
    cpSync(saved, native, { recursive: true });
    rmSync(saved, { recursive: true, force: true });
    process.off('SIGINT', ignore);
    process.off('SIGTERM', ignore);
    console.log('build-electron: restored the Node build of better-sqlite3 in node_modules');
  }
}
