import { SYNC_SCHEMA_VERSION, type EnrolRequest, type EnrolResponse, type HqErrorCode, type PullResponse, type PushRequest, type PushResponse } from '../../../shared/sync/protocol';

/** Why a request to HQ failed: `offline` (no answer: retry with backoff) or HQ's own error code. */
export class HqRequestError extends Error {
  constructor(
    readonly code: HqErrorCode | 'offline' | 'bad_response' | 'moved',
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'HqRequestError';
  }
}

/**
 * A request fails when HQ sends nothing for this long: no answer, or a body that stopped
 * arriving. Not a limit on the whole transfer: an initial sync page is ~6 MB and three are on
 * their way at once, which on a slow store line (2 Mbit/s: ~70 s for the three) must still arrive.
 */
const IDLE_MS = 30_000;

/**
 * Normalises what a person typed as the HQ address: scheme, no trailing slash. Without a scheme, an
 * address on the store's own network (loopback, a private IP, a name without dots, *.local) is
 * http, any other https: the enrolment code, the device token and every customer's data went in
 * clear text to an internet host typed as `hq.brand.cn`.
 */
export function normaliseHqUrl(input: string): string {
  let s = input.trim();
  if (!/^https?:\/\//i.test(s)) s = `${onStoreNetwork(new URL(`http://${s}`).hostname) ? 'http' : 'https'}://${s}`;
  const url = new URL(s);
  return url.toString().replace(/\/+$/, '');
}

function onStoreNetwork(host: string): boolean {
  return (
    host === 'localhost' || host === '[::1]' || !host.includes('.') || host.endsWith('.local') ||
    /^(127|10)\./.test(host) || /^192\.168\./.test(host) || /^172\.(1[6-9]|2\d|3[01])\./.test(host)
  );
}

async function requestWithin<T>(url: string, init: RequestInit, idleMs: number): Promise<T> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const restartIdleTimer = () => {
    clearTimeout(timer);
    timer = setTimeout(() => controller.abort(new Error(`nothing came for ${idleMs} ms`)), idleMs);
  };
  restartIdleTimer();
  let res: Response;
  let text: string;
  try {
    try {
      // Redirects not followed: to another origin the token is dropped (every request then looked revoked),
      // and a POST becomes a GET. The address HQ names is said instead, to connect to it.
      res = await fetch(url, { ...init, signal: controller.signal, redirect: 'manual' });
    } catch (error) {
      throw new HqRequestError('offline', `HQ did not answer at ${url}: ${(error as Error).message}`);
    }
    if (res.status >= 300 && res.status < 400) {
      const to = res.headers.get('location');
      await res.body?.cancel();
      throw new HqRequestError('moved', `HQ answers from another address${to ? `: ${new URL(to, url).origin}` : ''}; connect to that address`, res.status);
    }
    try {
      text = await bodyText(res, restartIdleTimer);
    } catch (error) {
      throw new HqRequestError('offline', `HQ stopped answering at ${url}: ${(error as Error).message}`);
    }
  } finally {
    clearTimeout(timer);
  }
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    throw new HqRequestError(res.status >= 500 ? 'offline' : 'bad_response', `HQ answered ${res.status} with something that is not JSON`, res.status);
  }
  if (!res.ok) {
    const err = (body as { error?: { code?: string; message?: string } } | null)?.error;
    const code = (err?.code ?? (res.status >= 500 ? 'internal' : 'validation')) as HqErrorCode;
    // A server error or an overloaded HQ is like no answer: retry with backoff.
    throw new HqRequestError(code === 'internal' || res.status >= 500 ? 'offline' : code, err?.message ?? `HQ answered ${res.status}`, res.status);
  }
  return body as T;
}

/** The body as text, telling `arrived` of each chunk (the idle timer starts again). */
async function bodyText(res: Response, arrived: () => void): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    arrived();
    chunks.push(value);
    length += value.length;
  }
  return Buffer.concat(chunks, length).toString('utf8');
}

export interface HqClient {
  enrol(code: string, deviceName: string, replaces?: EnrolRequest['replaces']): Promise<EnrolResponse>;
  push(body: PushRequest): Promise<PushResponse>;
  /** `deferRefs`: this desk checks references at the end of its initial sync; `upTo`: a slice of the log (pullQuerySchema). */
  pull(cursor: number, limit: number, options?: { deferRefs?: boolean; upTo?: number }): Promise<PullResponse>;
}

/**
 * `schemaVersion`: what this desk announces (SYNC_SCHEMA_VERSION; tests announce another to see HQ
 * refuse it). `idleMs`: how long HQ may send nothing before a request fails (IDLE_MS).
 */
export function hqClient(baseUrl: string, token: () => string | null, schemaVersion = SYNC_SCHEMA_VERSION, idleMs = IDLE_MS): HqClient {
  const request = <T>(url: string, init: RequestInit) => requestWithin<T>(url, init, idleMs);
  const auth = (): Record<string, string> => {
    const t = token();
    return t ? { authorization: `Bearer ${t}` } : {};
  };
  return {
    enrol: (code, deviceName, replaces) =>
      request<EnrolResponse>(`${baseUrl}/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, deviceName, schemaVersion, ...(replaces ? { replaces } : {}) }) }),
    push: (body) => request<PushResponse>(`${baseUrl}/sync/push`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth() }, body: JSON.stringify(body) }),
    pull: (cursor, limit, options) =>
      request<PullResponse>(
        `${baseUrl}/sync/pull?cursor=${cursor}&limit=${limit}&schemaVersion=${schemaVersion}${options?.deferRefs ? '&deferRefs=1' : ''}${options?.upTo !== undefined ? `&upTo=${options.upTo}` : ''}`,
        { headers: auth() },
      ),
  };
}
