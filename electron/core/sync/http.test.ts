import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SYNC_SCHEMA_VERSION } from '../../../shared/sync/protocol';
import { hqClient, HqRequestError, normaliseHqUrl } from './http';

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});

/** A local HQ stand-in that answers every request with `answer`. */
async function hq(answer: (res: ServerResponse) => void): Promise<string> {
  const server = createServer((_req, res) => answer(res));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const page = JSON.stringify({ schemaVersion: SYNC_SCHEMA_VERSION, changes: [], cursor: 7, hasMore: false, lastMutationId: 0, rejections: [], totals: {} });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('requests to HQ time out on silence, not on a long transfer', () => {
  it('takes a page that arrives slowly, a chunk at a time, for longer than the idle limit', async () => {
    const url = await hq(async (res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const parts = page.match(/.{1,12}/gs)!;
      for (const part of parts.slice(0, 8)) {
        res.write(part);
        await sleep(120);
      }
      res.end(parts.slice(8).join(''));
    });
    const started = performance.now();
    const answer = await hqClient(url, () => 'token', SYNC_SCHEMA_VERSION, 500).pull(0, 10);
    expect(performance.now() - started).toBeGreaterThan(800); // longer than the idle limit in all
    expect(answer.cursor).toBe(7);
  });

  it('gives up on a body that stops arriving, as HQ being offline (retried with backoff)', async () => {
    const url = await hq((res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(page.slice(0, 20)); // then nothing
    });
    const error = await hqClient(url, () => 'token', SYNC_SCHEMA_VERSION, 300).pull(0, 10).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HqRequestError);
    expect(error).toMatchObject({ code: 'offline' });
    expect((error as Error).message).toMatch(/stopped answering.*nothing came for 300 ms/);
  });

  it('gives up on no answer at all', async () => {
    const url = await hq(() => undefined);
    const error = await hqClient(url, () => 'token', SYNC_SCHEMA_VERSION, 300).pull(0, 10).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'offline' });
    expect((error as Error).message).toMatch(/did not answer/);
  });
});

describe('the HQ address', () => {
  it('is https unless it is on the store\'s own network, when typed without a scheme', () => {
    expect(normaliseHqUrl('hq.brand.cn')).toBe('https://hq.brand.cn');
    expect(normaliseHqUrl('hq.brand.cn:8443/')).toBe('https://hq.brand.cn:8443');
    expect(normaliseHqUrl('203.0.113.5:8787')).toBe('https://203.0.113.5:8787');
    for (const local of ['127.0.0.1:8787', 'localhost:8787', '192.168.1.20:8787', '10.0.0.5', '172.20.1.1', 'hq-server:8787', 'hq.local']) {
      expect(normaliseHqUrl(local), local).toMatch(/^http:\/\//);
    }
    expect(normaliseHqUrl('http://hq.brand.cn')).toBe('http://hq.brand.cn'); // said explicitly: kept
  });

  it('a redirect is not followed (the token would be dropped): the new address is said', async () => {
    const url = await hq((res) => {
      res.writeHead(308, { location: 'https://hq.brand.cn:8443/sync/pull?cursor=0' });
      res.end();
    });
    const error = await hqClient(url, () => 'token', SYNC_SCHEMA_VERSION).pull(0, 10).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HqRequestError);
    expect(error).toMatchObject({ code: 'moved', message: expect.stringContaining('https://hq.brand.cn:8443') });
  });
});
