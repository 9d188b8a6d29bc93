import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

/**
 * The HQ device token in the Electron app, kept by the main process (Electron's safeStorage is a
 * main-process API; the core runs in a utilityProcess and gets the token over its parentPort, see
 * electron/core/sync/token-store.ts relayTokenStore).
 *
 * The token is encrypted with safeStorage (DPAPI on Windows, Keychain on macOS, the desktop keyring
 * on Linux) and the blob written to a file with 0600 permissions. Where safeStorage cannot encrypt
 * (Linux without a keyring, including safeStorage's 'basic_text' backend, whose key is hard-coded) the token is written in plain text to the same 0600 file, which is
 * logged once; it is encrypted the next time it is read with a keyring available. A file without a
 * header is a token written by an earlier version (plain, 0600) and is read, then encrypted.
 *
 * File format: first line `safeStorage:v1` (then the blob in base64) or `plain:v1` (then the token).
 */
export interface Cipher {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux: 'basic_text' means no secret store (a hard-coded key: no protection), treated as unavailable. */
  getSelectedStorageBackend?(): string;
}

export interface TokenVault {
  read(): string | null;
  write(token: string): void;
  clear(): void;
  /** How the token is kept now: 'encrypted', 'plain' (no keyring) or 'none'. */
  kind(): 'encrypted' | 'plain' | 'none';
}

const ENCRYPTED = 'safeStorage:v1';
const PLAIN = 'plain:v1';

export function tokenVault(file: string, cipher: Cipher, log: (line: string) => void = (l) => console.warn(l)): TokenVault {
  let warned = false;
  const save = (text: string) => {
    writeFileSync(file, text, { mode: 0o600 });
    chmodSync(file, 0o600); // a file that already existed keeps its old mode otherwise
  };
  const available = (): boolean => {
    try {
      if (!cipher.isEncryptionAvailable()) return false;
      return process.platform !== 'linux' || cipher.getSelectedStorageBackend?.() !== 'basic_text';
    } catch {
      return false;
    }
  };

  function write(token: string): void {
    if (available()) {
      save(`${ENCRYPTED}\n${cipher.encryptString(token).toString('base64')}\n`);
      return;
    }
    if (!warned) {
      warned = true;
      log(`[token] safeStorage cannot encrypt here (no keyring): the HQ device token is kept in a file readable by this user only (0600): ${file}`);
    }
    save(`${PLAIN}\n${token}\n`);
  }

  function parse(): { kind: 'encrypted' | 'plain'; body: string } | null {
    if (!existsSync(file)) return null;
    const text = readFileSync(file, 'utf8');
    const newline = text.indexOf('\n');
    const head = newline < 0 ? text.trim() : text.slice(0, newline).trim();
    const rest = newline < 0 ? '' : text.slice(newline + 1).trim();
    if (head === ENCRYPTED) return { kind: 'encrypted', body: rest };
    if (head === PLAIN) return { kind: 'plain', body: rest };
    return { kind: 'plain', body: text.trim() }; // an earlier version's plain token file
  }

  return {
    read() {
      const stored = parse();
      if (!stored || !stored.body) return null;
      if (stored.kind === 'plain') {
        if (available()) write(stored.body); // a keyring now: encrypt it
        return stored.body;
      }
      if (!available()) {
        log('[token] the HQ device token is encrypted but safeStorage cannot decrypt now (keyring locked or gone): connect to HQ again');
        return null;
      }
      try {
        return cipher.decryptString(Buffer.from(stored.body, 'base64'));
      } catch (error) {
        log(`[token] the HQ device token could not be decrypted (${(error as Error).message}): connect to HQ again`);
        return null;
      }
    },
    write,
    clear: () => rmSync(file, { force: true }),
    kind: () => parse()?.kind ?? 'none',
  };
}
