// better-sqlite3 for the desktop app started from the project (`npm start` with Electron installed).
// The copy in node_modules is built for Node (tests, the browser mode, benches load it); Electron's
// utility process has another ABI and refused it, so the core died at start ("core exited (1)").
// A copy in dist/electron/node_modules, rebuilt for this Electron, is found first by core.cjs
// (Node resolves from the bundle's folder up); the Node build in node_modules is never touched.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';


/** Makes (once per Electron version) the Electron build of better-sqlite3 beside the bundle; throws when it cannot. */
export async function ensureElectronSqlite(root) {
  const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version;
  const target = join(root, 'dist/electron');
  const module = join(target, 'node_modules/better-sqlite3');
  const marker = join(target, 'node_modules/.electron-version');
  if (existsSync(marker) && readFileSync(marker, 'utf8') === electronVersion && existsSync(join(module, 'build/Release/better_sqlite3.node'))) return;
  const source = join(root, 'node_modules/better-sqlite3');
  const version = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8')).version;
  rmSync(module, { recursive: true, force: true });
  mkdirSync(join(target, 'node_modules'), { recursive: true });
  cpSync(source, module, { recursive: true, filter: (p) => !p.includes(`${join('better-sqlite3', 'build')}`) });
  // @electron/rebuild rebuilds the dependencies a package.json names: this folder's own, naming only this module.
  writeFileSync(join(target, 'package.json'), JSON.stringify({ name: 'retention-desk-native', private: true, dependencies: { 'better-sqlite3': version } }, null, 2));
  const { rebuild } = await import('@electron/rebuild');
  console.log(`start: building better-sqlite3 ${version} for Electron ${electronVersion} (once)…`);
  await rebuild({ buildPath: target, electronVersion, onlyModules: ['better-sqlite3'], force: true });
  writeFileSync(marker, electronVersion);
}
