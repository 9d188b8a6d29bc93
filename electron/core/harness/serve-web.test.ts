import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { fixedDayClock } from '../clock';
import { createCore, type Core } from '../core';
import { tempDbFile } from '../testing/fixture';
import { rawStatus } from '../../../tests/support/raw-request';
import { serveWeb, type WebHarness } from './serve-web';

describe('browser harness', () => {
  const tmp = tempDbFile();
  let core: Core;
  let harness: WebHarness;

  beforeAll(async () => {
    const renderer = join(tmp.dir, 'renderer');
    mkdirSync(renderer);
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>desk</title>');
    core = createCore({ dbFile: tmp.file, clock: fixedDayClock('2026-11-24') });
    harness = await serveWeb(core, { rendererDir: renderer });
  });
  afterAll(async () => {
    await harness.close();
    await core.close();
    tmp.cleanup();
  });

  const wsUrl = (token: string) => `ws://127.0.0.1:${harness.port}/desk?token=${encodeURIComponent(token)}`;
  const open = (token: string) =>
    new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(wsUrl(token));
      ws.once('open', () => resolve(ws));
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
  const ask = (ws: WebSocket, message: unknown) =>
    new Promise<unknown>((resolve) => {
      ws.once('message', (data) => resolve(JSON.parse(String(data))));
      ws.send(typeof message === 'string' ? message : JSON.stringify(message));
    });

  it('listens on 127.0.0.1 and serves the renderer with a CSP', async () => {
    expect(harness.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=/);
    const res = await fetch(harness.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('does not serve files outside the renderer folder', async () => {
    const res = await fetch(`http://127.0.0.1:${harness.port}/..%2f..%2fstore.sqlite`);
    expect(await res.text()).toContain('<title>desk</title>'); // falls back to the app, never the database
  });

  it('refuses a path no parser takes, and a sibling folder, and keeps serving (they stopped the desk)', async () => {
    writeFileSync(join(tmp.dir, 'renderer-x.txt'), 'secret');
    mkdirSync(join(tmp.dir, 'renderer-x'), { recursive: true });
    writeFileSync(join(tmp.dir, 'renderer-x', 'a.txt'), 'secret');
    expect(await rawStatus(harness.port, '/%')).toBe(400);
    expect(await rawStatus(harness.port, '//a:b')).toBe(400);
    const sibling = await fetch(`http://127.0.0.1:${harness.port}/..%2frenderer-x%2fa.txt`);
    expect(await sibling.text()).toContain('<title>desk</title>');
    expect((await fetch(harness.url)).status).toBe(200);
  });

  it('refuses a WebSocket without the right token', async () => {
    await expect(open('wrong')).rejects.toThrow(/401/);
    await expect(open('')).rejects.toThrow(/401/);
  });

  it('answers calls, and ignores garbage without crashing', async () => {
    const ws = await open(harness.token);
    ws.send('not json at all {');
    ws.send(JSON.stringify({ kind: 'result', id: 1 }));
    expect(await ask(ws, { kind: 'call', id: 7, area: 'setup', verb: 'status', args: {} })).toEqual({
      kind: 'result',
      id: 7,
      result: { ok: true, value: { hasStore: false, store: null, customerCount: 0 } },
    });
    expect(await ask(ws, { kind: 'call', id: 8, area: 'customers', verb: 'search', args: { query: 'A12' } })).toMatchObject({
      id: 8,
      result: { ok: false, error: { code: 'forbidden' } },
    });
    ws.close();
  });
});
