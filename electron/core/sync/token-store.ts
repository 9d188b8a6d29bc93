import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

/**
 * Where the device token HQ issued is kept. The core only sees this interface: the browser harness
 * and tests use a file with 0600 permissions next to the database; the Electron app is meant to pass
 * an implementation backed by Electron safeStorage (main process), which the core cannot reach itself.
 */
export interface TokenStore {
  read(): string | null;
  write(token: string): void;
  clear(): void;
}

export function fileTokenStore(file: string): TokenStore {
  return {
    read: () => (existsSync(file) ? readFileSync(file, 'utf8').trim() || null : null),
    write(token) {
      writeFileSync(file, token, { mode: 0o600 });
      chmodSync(file, 0o600); // a file that already existed keeps its old mode otherwise
    },
    clear: () => rmSync(file, { force: true }),
  };
}

/** The token file of a database: next to it. */
export function tokenFileFor(dbFile: string): string {
  return `${dbFile}.hq-token`;
}

/** What the core sends its host (Electron main) when the token changes; mirrored in electron/main/main.ts. */
export type TokenMessage = { type: 'token:write'; token: string } | { type: 'token:clear' };

/**
 * The token store of the core in the Electron app: the main process keeps the token (encrypted with
 * safeStorage, electron/main/token-vault.ts) and hands it over at start (`initial`); reads are served
 * from memory, writes and clears go to main (`send`), which persists them.
 */
export function relayTokenStore(initial: string | null, send: (message: TokenMessage) => void): TokenStore {
  let token = initial;
  return {
    read: () => token,
    write(next) {
      token = next;
      send({ type: 'token:write', token: next });
    },
    clear() {
      token = null;
      send({ type: 'token:clear' });
    },
  };
}
