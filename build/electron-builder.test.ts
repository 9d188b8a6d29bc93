import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The packaging config is checked the way `electron-builder` itself checks it (app-builder-lib's
 * validateConfiguration: its scheme.json through ajv), because packaging cannot run here
 * (no Electron binary to download) and a typo would otherwise surface only on the build PC.
 */

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  validateConfiguration(config: unknown, debugLogger: { isEnabled: boolean; add(key: string, value: unknown): void }): Promise<void>;
};

type Target = { target: string; arch?: string[] };
interface BuilderConfig {
  electronVersion?: string;
  files: string[];
  asarUnpack: string[];
  npmRebuild?: boolean;
  win: { target: Target[]; icon: string };
  linux: { target: Target[]; icon: string };
  nsis: { oneClick: boolean; perMachine: boolean; allowToChangeInstallationDirectory: boolean };
  directories: { output: string };
}

const read = (file: string) => readFileSync(`${root}${file}`, 'utf8');
const config = JSON.parse(read('build/electron-builder.json')) as BuilderConfig;
// ajv runs with coerceTypes, which rewrites its input: always validate a copy.
const validate = (candidate: unknown) => validateConfiguration(structuredClone(candidate), { isEnabled: false, add() {} });

describe('build/electron-builder.json', () => {
  it('matches electron-builder’s own schema', async () => {
    await expect(validate(config)).resolves.toBeUndefined();
  });

  it('is rejected by the same validator when it is wrong', async () => {
    await expect(validate({ ...config, installForEveryone: true })).rejects.toThrow(/unknown property 'installForEveryone'/);
    await expect(validate({ ...config, nsis: { ...config.nsis, oneClick: 'sometimes' } })).rejects.toThrow(/nsis\.oneClick should be a boolean/);
    await expect(validate({ ...config, nsis: 'per-machine' })).rejects.toThrow(/configuration\.nsis/);
  });

  it('pins the Electron version to the one package.json asks for', () => {
    const pkg = JSON.parse(read('package.json')) as { optionalDependencies?: Record<string, string> };
    expect(config.electronVersion).toMatch(/^\d+\.\d+\.\d+$/);
    const wanted = pkg.optionalDependencies?.electron?.match(/\d+/)?.[0];
    expect(config.electronVersion?.split('.')[0]).toBe(wanted);
  });

  it('builds a per-machine NSIS installer for Windows x64 and an AppImage for Linux', () => {
    expect(config.win.target).toContainEqual({ target: 'nsis', arch: ['x64'] });
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: true, allowToChangeInstallationDirectory: true });
    expect(config.linux.target.map((t) => t.target)).toContain('AppImage');
    expect(config.directories.output).toBe('release');
  });

  it('keeps better-sqlite3 outside the asar and rebuilds it for Electron only while packaging', () => {
    expect(config.asarUnpack.some((pattern) => pattern.includes('node_modules/better-sqlite3'))).toBe(true);
    expect(config.npmRebuild).toBe(true);
  });

  it('packs files that exist or that the build scripts produce', () => {
    expect(config.files).toContain('package.json');
    const pkg = JSON.parse(read('package.json')) as { main: string };
    expect(pkg.main).toBe('dist/electron/main.cjs');
    const producers: Record<string, { file: string; marker: string }> = {
      'dist/electron/**': { file: 'scripts/build-electron.mjs', marker: 'dist/electron' },
      'dist/renderer/**': { file: 'renderer/vite.config.ts', marker: 'dist/renderer' },
    };
    for (const pattern of config.files.filter((p) => !p.startsWith('!') && p !== 'package.json')) {
      const producer = producers[pattern];
      expect(producer, `nothing is known to produce ${pattern}`).toBeDefined();
      expect(read(producer!.file)).toContain(producer!.marker);
    }
    for (const bundle of ['main.cjs', 'preload.cjs', 'core.cjs']) expect(read('scripts/build-electron.mjs')).toContain(bundle);
  });

  it('has real icons: a 512x512 PNG and an ICO holding a 256x256 PNG', () => {
    const PNG_SIGNATURE = '89504e470d0a1a0a';
    expect(existsSync(`${root}${config.win.icon}`)).toBe(true);
    expect(existsSync(`${root}${config.linux.icon}`)).toBe(true);

    const png = readFileSync(`${root}${config.linux.icon}`);
    expect(png.subarray(0, 8).toString('hex')).toBe(PNG_SIGNATURE);
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512]);

    const ico = readFileSync(`${root}${config.win.icon}`);
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2), ico.readUInt16LE(4)]).toEqual([0, 1, 1]);
    expect([ico[6], ico[7]]).toEqual([0, 0]); // 0 means 256
    const inner = ico.subarray(ico.readUInt32LE(18), ico.readUInt32LE(18) + ico.readUInt32LE(14));
    expect(inner.subarray(0, 8).toString('hex')).toBe(PNG_SIGNATURE);
    expect([inner.readUInt32BE(16), inner.readUInt32BE(20)]).toEqual([256, 256]);
  });
});
