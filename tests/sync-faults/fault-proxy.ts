import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real HTTP proxy on loopback between a desk and HQ that misbehaves the way networks and
 * gateways do, decided per request by a seeded generator (so a seed replays the same decisions
 * for the same sequence of requests):
 *
 * - pass:           forwarded, HQ's answer returned.
 * - drop_request:   the socket is closed; HQ never sees the request.
 * - drop_response:  forwarded; the socket is closed without an answer. Half of the time after HQ
 *                   answered (HQ committed), half of the time at once (HQ is still working while
 *                   the desk already retries: two pushes of the same batch at HQ at once).
 * - duplicate:      forwarded twice at the same time; one of the two answers is returned.
 * - delay:          forwarded after a random pause (requests of several desks overtake each other).
 * - error_503:      a 503; half of the time without forwarding (HQ overloaded), half of the time
 *                   after HQ committed (a gateway timing out).
 * - replay_later:   forwarded and answered, and the same request is sent again later (a stale
 *                   copy arriving after newer requests); that answer goes nowhere.
 */
export const FAULT_KINDS = ['pass', 'drop_request', 'drop_response', 'duplicate', 'delay', 'error_503', 'replay_later'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const DEFAULT_FAULT_WEIGHTS: Record<FaultKind, number> = {
  pass: 40,
  drop_request: 10,
  drop_response: 12,
  duplicate: 10,
  delay: 12,
  error_503: 8,
  replay_later: 8,
};

export interface ProxiedRequest {
  method: string;
  path: string;
  fault: FaultKind;
}

export interface FaultProxyOptions {
  /** HQ's base URL. */
  target: string;
  random: () => number;
  weights?: Partial<Record<FaultKind, number>>;
  maxDelayMs?: number;
  /** Called when a request came in (after the fault was chosen). */
  onRequest?: (request: ProxiedRequest) => void;
  /** Called after an answer was written to the desk. */
  onAnswered?: (request: ProxiedRequest & { status: number }) => void;
}

export interface FaultProxy {
  url: string;
  /** Faults on (true) or every request passed through unchanged (false). */
  faulty: boolean;
  /** Called after an answer was written to the desk (set and unset by a test step). */
  onAnswered: FaultProxyOptions['onAnswered'];
  /** Requests seen by fault, while faulty. */
  readonly counts: Record<FaultKind, number>;
  /** Resolves when every request still travelling to HQ on the proxy's own account (replays, abandoned forwards) is over. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

interface Forwarded {
  status: number;
  contentType: string;
  body: Buffer;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const weights = { ...DEFAULT_FAULT_WEIGHTS, ...options.weights };
  const total = FAULT_KINDS.reduce((s, k) => s + weights[k], 0);
  const maxDelay = options.maxDelayMs ?? 40;
  const counts = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
  const background = new Set<Promise<unknown>>();
  const track = (p: Promise<unknown>) => {
    const q = p.catch(() => undefined).finally(() => background.delete(q));
    background.add(q);
  };

  const choose = (): FaultKind => {
    let x = options.random() * total;
    for (const k of FAULT_KINDS) {
      x -= weights[k];
      if (x < 0) return k;
    }
    return 'pass';
  };

  async function forward(req: IncomingMessage, body: Buffer): Promise<Forwarded> {
    const headers: Record<string, string> = {};
    for (const h of ['authorization', 'content-type']) {
      const v = req.headers[h];
      if (typeof v === 'string') headers[h] = v;
    }
    const res = await fetch(`${options.target}${req.url ?? '/'}`, {
      method: req.method ?? 'GET',
      headers,
      ...(body.length > 0 && req.method !== 'GET' ? { body: new Uint8Array(body) } : {}),
    });
    return { status: res.status, contentType: res.headers.get('content-type') ?? 'application/json', body: Buffer.from(await res.arrayBuffer()) };
  }

  const answer = (res: ServerResponse, f: Forwarded) => {
    res.writeHead(f.status, { 'content-type': f.contentType, 'content-length': f.body.length });
    res.end(f.body);
  };
  const unavailable = (res: ServerResponse) =>
    answer(res, { status: 503, contentType: 'application/json', body: Buffer.from(JSON.stringify({ error: { code: 'internal', message: 'fault proxy: 503' } })) });

  const proxy: FaultProxy = {
    url: '',
    faulty: false,
    onAnswered: options.onAnswered,
    counts,
    async settle() {
      while (background.size > 0) await Promise.all([...background]);
    },
    close: async () => {
      await proxy.settle();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const fault: FaultKind = proxy.faulty ? choose() : 'pass';
    if (proxy.faulty) counts[fault]++;
    const info: ProxiedRequest = { method: req.method ?? 'GET', path: (req.url ?? '/').split('?')[0]!, fault };
    options.onRequest?.(info);
    const coin = options.random() < 0.5;
    const done = (f: Forwarded) => {
      answer(res, f);
      proxy.onAnswered?.({ ...info, status: f.status });
    };
    switch (fault) {
      case 'pass':
        return done(await forward(req, body));
      case 'drop_request':
        req.socket.destroy();
        return;
      case 'drop_response': {
        if (coin) {
          await forward(req, body);
          req.socket.destroy();
        } else {
          track(forward(req, body));
          req.socket.destroy();
        }
        return;
      }
      case 'duplicate': {
        const [a, b] = await Promise.all([forward(req, body), forward(req, body)]);
        return done(coin ? a : b);
      }
      case 'delay':
        await sleep(Math.floor(options.random() * maxDelay));
        return done(await forward(req, body));
      case 'error_503':
        if (coin) await forward(req, body);
        unavailable(res);
        return;
      case 'replay_later': {
        const later = Math.floor(options.random() * maxDelay * 3);
        const f = await forward(req, body);
        track(sleep(later).then(() => forward(req, body)));
        return done(f);
      }
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // HQ itself unreachable (stopped): like no answer.
      if (!res.headersSent) req.socket.destroy();
      void error;
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}
