import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, isAbsolute, join, normalize, relative, resolve } from 'node:path';
import { WebSocketServer } from 'ws';
import type { WireMessage } from '../../../shared/api/desk';
import type { Core } from '../core';

/**
 * Browser harness: serves the built renderer and the same `desk` API over a
 * WebSocket on 127.0.0.1, guarded by a random token. For development and tests
 * on machines without the Electron binary; never part of the packaged app.
 */

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws://127.0.0.1:*; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

export interface WebHarness {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

function tokenMatches(req: IncomingMessage, token: string): boolean {
  const given = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('token') ?? '';
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The decoded path of a request, or null when it is not a URL path at all. */
function pathOf(url: string | undefined): string | null {
  try {
    return decodeURIComponent(new URL(url ?? '/', 'http://127.0.0.1').pathname);
  } catch {
    return null;
  }
}

export async function serveWeb(core: Core, options: { rendererDir: string; port?: number }): Promise<WebHarness> {
  const root = resolve(options.rendererDir);
  await stat(join(root, 'index.html')).catch(() => {
    throw new Error(`The renderer is not built (${join(root, 'index.html')} is missing): run \`npm run build:renderer\` first.`);
  });
  const token = randomBytes(24).toString('base64url');

  const server = createServer(async (req, res) => {
    // A path no parser takes (`/%`, `//a:b`) is refused: it threw here and stopped the desk.
    const path = pathOf(req.url);
    if (path === null) {
      res.writeHead(400).end();
      return;
    }
    const file = normalize(join(root, path === '/' ? 'index.html' : path));
    // Inside the renderer folder itself (not a sibling whose name starts the same).
    const inside = !relative(root, file).startsWith('..') && !isAbsolute(relative(root, file));
    const target = inside && (await stat(file).catch(() => null))?.isFile() ? file : join(root, 'index.html');
    try {
      const body = await readFile(target);
      res.writeHead(200, {
        'content-type': CONTENT_TYPES[extname(target)] ?? 'application/octet-stream',
        'content-security-policy': CSP,
        'cache-control': 'no-store',
      });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1 << 20 });
  server.on('upgrade', (req, socket, head) => {
    if (pathOf(req.url) !== '/desk' || !tokenMatches(req, token)) {
      socket.write('HTTP/1.1 401 Unauthorized\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const connection = core.connect((message) => ws.send(JSON.stringify(message)));
      ws.on('message', (data) => {
        let message: WireMessage;
        try {
          message = JSON.parse(String(data)) as WireMessage;
        } catch {
          return; // not a desk message: ignore, never crash
        }
        void connection.receive(message);
      });
      ws.on('close', () => connection.close());
    });
  });

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', ok);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((ok) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}
