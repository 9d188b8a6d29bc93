// `npm start`: the desktop app when the Electron binary is here, otherwise the browser mode.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';
import { ensureElectronSqlite } from './electron-sqlite.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const onWindows = process.platform === 'win32';

/** The `electron` package exports the path of its binary; it throws if the download never happened. */
function electronBinary() {
  try {
    const binary = createRequire(import.meta.url)('electron');
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

/**
 * Runs a command with the terminal attached; resolves with its exit code. On POSIX the child leads
 * its own process group and SIGINT/SIGTERM go to the whole group: `npm run x` -> sh -> node would
 * otherwise leave the grandchild (e.g. the web server) running when only npm is signalled.
 */
function run(command, args) {
  return new Promise((resolve) => {
    // npm is npm.cmd on Windows, which Node only spawns through a shell.
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', shell: onWindows && command === 'npm', detached: !onWindows });
    const forward = (signal) => {
      try {
        if (onWindows) child.kill(signal);
        else process.kill(-child.pid, signal);
      } catch {
        // already gone
      }
    };
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('error', (error) => {
      console.error(`start: could not run ${command}: ${error.message}`);
      resolve(1);
    });
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? 128 + (constants.signals[signal] ?? 0));
    });
  });
}

async function main() {
  const electron = electronBinary();
  if (!electron) {
    console.log('Electron is not installed on this machine (its binary could not be downloaded); starting the browser mode instead.');
    return run('npm', ['run', 'start:web']);
  }
  for (const [command, args] of [
    ['npm', ['run', 'build:renderer']],
    [process.execPath, ['scripts/build-electron.mjs']],
  ]) {
    const code = await run(command, args);
    if (code !== 0) return code;
  }
  try {
    await ensureElectronSqlite(root);
  } catch (error) {
    // No compiler, or Electron's headers could not be fetched: the browser mode still works with the Node build.
    console.log(`start: better-sqlite3 could not be built for Electron (${error instanceof Error ? error.message : String(error)}); starting the browser mode instead.`);
    return run('npm', ['run', 'start:web']);
  }
  return run(electron, ['.']);
}

process.exitCode = await main();
