import { SYNC_SCHEMA_VERSION, type EnrolResponse, type HqErrorCode, type PullResponse, type PushRequest, type PushResponse } from '../../../shared/sync/protocol';

/** Why a request to HQ failed: `offline` (no answer: retry with backoff) or HQ's own error code. */
export class HqRequestError extends Error {
  constructor(
    readonly code: HqErrorCode | 'offline' | 'bad_response',
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'HqRequestError';
  }
}

const TIMEOUT_MS = 30_000;

/** Normalises what a person typed as the HQ address: scheme, no trailing slash. */
export function normaliseHqUrl(input: string): string {
  let s = input.trim();
  if (!/^https?:\/\//i.test(s)) s = `http://${s}`;
  const url = new URL(s);
  return url.toString().replace(/\/+$/, '');
}

async function request<T>(url: string, init: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    throw new HqRequestError('offline', `HQ did not answer at ${url}: ${(error as Error).message}`);
  }
  const text = await res.text();
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

export interface HqClient {
  enrol(code: string, deviceName: string): Promise<EnrolResponse>;
  push(body: PushRequest): Promise<PushResponse>;
  /** `deferRefs`: this desk checks references at the end of its initial sync; `upTo`: a slice of the log (pullQuerySchema). */
  pull(cursor: number, limit: number, options?: { deferRefs?: boolean; upTo?: number }): Promise<PullResponse>;
}

/** `schemaVersion`: what this desk announces (SYNC_SCHEMA_VERSION; tests announce another to see HQ refuse it). */
export function hqClient(baseUrl: string, token: () => string | null, schemaVersion = SYNC_SCHEMA_VERSION): HqClient {
  const auth = (): Record<string, string> => {
    const t = token();
    return t ? { authorization: `Bearer ${t}` } : {};
  };
  return {
    enrol: (code, deviceName) =>
      request<EnrolResponse>(`${baseUrl}/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, deviceName, schemaVersion }) }),
    push: (body) => request<PushResponse>(`${baseUrl}/sync/push`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth() }, body: JSON.stringify(body) }),
    pull: (cursor, limit, options) =>
      request<PullResponse>(
        `${baseUrl}/sync/pull?cursor=${cursor}&limit=${limit}&schemaVersion=${schemaVersion}${options?.deferRefs ? '&deferRefs=1' : ''}${options?.upTo !== undefined ? `&upTo=${options.upTo}` : ''}`,
        { headers: auth() },
      ),
  };
}
