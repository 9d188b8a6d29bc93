import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tokenVault, type Cipher } from './token-vault';

/**
 * Electron's safeStorage is not available under plain Node, so these tests give the vault a stand-in
 * cipher with safeStorage's shape (reversible, clearly not the plain text); the file handling, the
 * permissions and the fallback are the vault's own code.
 */
function fakeSafeStorage(available = true): Cipher & { available: boolean } {
  const key = 0x5a;
  return {
    available,
    isEncryptionAvailable() {
      return this.available;
    },
    encryptString: (s) => Buffer.concat([Buffer.from('v10'), Buffer.from(Buffer.from(s, 'utf8').map((b) => b ^ key))]),
    decryptString: (b) => {
      if (b.subarray(0, 3).toString() !== 'v10') throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return Buffer.from(b.subarray(3).map((x) => x ^ key)).toString('utf8');
    },
  };
}

const TOKEN = 'store-1.device-1.c2VjcmV0LXNlY3JldC1zZWNyZXQ';
const dirs: string[] = [];
const tempFile = () => {
  const dir = mkdtempSync(join(tmpdir(), 'vault-'));
  dirs.push(dir);
  return join(dir, 'store.sqlite.hq-token');
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('the Electron token vault (safeStorage in main)', () => {
  it('encrypts the token with safeStorage into a 0600 file that does not contain it', () => {
    const file = tempFile();
    const vault = tokenVault(file, fakeSafeStorage(), () => undefined);
    expect(vault.read()).toBeNull();
    expect(vault.kind()).toBe('none');
    vault.write(TOKEN);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).not.toContain(TOKEN);
    expect(readFileSync(file, 'utf8').startsWith('safeStorage:v1\n')).toBe(true);
    expect(vault.kind()).toBe('encrypted');
    expect(tokenVault(file, fakeSafeStorage(), () => undefined).read()).toBe(TOKEN);
    vault.clear();
    expect(vault.read()).toBeNull();
  });

  it('without a keyring: the token in a plain 0600 file, logged once; encrypted once a keyring is there', () => {
    const file = tempFile();
    const log: string[] = [];
    const cipher = fakeSafeStorage(false);
    const vault = tokenVault(file, cipher, (l) => log.push(l));
    vault.write(TOKEN);
    vault.write(TOKEN);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(vault.kind()).toBe('plain');
    expect(vault.read()).toBe(TOKEN);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatch(/no keyring.*0600/);
    cipher.available = true;
    expect(vault.read()).toBe(TOKEN);
    expect(vault.kind()).toBe('encrypted');
    expect(readFileSync(file, 'utf8')).not.toContain(TOKEN);
  });

  it.runIf(process.platform === 'linux')("Linux's basic_text backend (a hard-coded key) counts as no keyring", () => {
    const file = tempFile();
    const log: string[] = [];
    tokenVault(file, { ...fakeSafeStorage(), isEncryptionAvailable: () => true, getSelectedStorageBackend: () => 'basic_text' }, (l) => log.push(l)).write(TOKEN);
    expect(readFileSync(file, 'utf8')).toBe(`plain:v1\n${TOKEN}\n`);
    expect(log).toHaveLength(1);
  });

  it("reads an earlier version's plain token file and encrypts it; a file whose mode was wider is tightened to 0600", () => {
    const file = tempFile();
    writeFileSync(file, `${TOKEN}\n`, { mode: 0o644 });
    const vault = tokenVault(file, fakeSafeStorage(), () => undefined);
    expect(vault.read()).toBe(TOKEN);
    expect(vault.kind()).toBe('encrypted');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('a blob that cannot be decrypted (another user, keyring reset) or a keyring gone: no token, said why, nothing thrown', () => {
    const file = tempFile();
    writeFileSync(file, 'safeStorage:v1\nbm90LWEtYmxvYg==\n', { mode: 0o600 });
    const log: string[] = [];
    expect(tokenVault(file, fakeSafeStorage(), (l) => log.push(l)).read()).toBeNull();
    expect(log[0]).toMatch(/could not be decrypted/);
    tokenVault(file, fakeSafeStorage(), () => undefined).write(TOKEN);
    expect(tokenVault(file, fakeSafeStorage(false), (l) => log.push(l)).read()).toBeNull();
    expect(log[1]).toMatch(/cannot decrypt now/);
  });
});
