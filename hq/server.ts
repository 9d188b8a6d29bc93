import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import {
  enrolRequestSchema,
  pullQuerySchema,
  pushRequestSchema,
  SYNC_SCHEMA_VERSION,
  type EnrolResponse,
  type HqErrorCode,
  type MutationResult,
  type PullResponse,
  type PushResponse,
} from '../shared/sync/protocol';
import { normaliseCode, sha256 } from './admin';
import type { HqDatabase } from './db/schema';
import { ingestRows, ingestRequestSchema } from './ingest/ingest';
import { enrolCodeStore, getDevice, insertDevice, setDeviceProgress, storeById, takeEnrolCode, takeOverDevice, type DeviceRow } from './repos/admin';
import { pullState } from './repos/pull-state';
import { parentsAhead } from './repos/parents-ahead';
import { changesPage, logSecurity } from './repos/rows';
import { pullPageJson } from './sync/pull-page';
import { applyPush } from './sync/push';

/** An HTTP answer other than 200: status and the protocol's error body. */
class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: HqErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export interface HqServerOptions {
  db: Kysely<HqDatabase>;
  /** Bearer token of the bulk ingest endpoint; ingest is refused when unset. */
  adminToken?: string | undefined;
  /** Largest request body in bytes (default 32 MB). */
  maxBody?: number;
  log?: (line: string) => void;
}

export interface HqServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

const REJECTIONS_IN_PULL = 200;
/** Verified device tokens remembered per HQ process (hashes only; oldest dropped first). */
const KNOWN_TOKENS_MAX = 20_000;

/** Thrown inside a push's transaction when the locked device row says it was revoked. */
class RevokedDevice extends Error {}

async function readJson(req: IncomingMessage, max: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) throw new HttpError(413, 'validation', `Request body is larger than ${max} bytes`, 'body');
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'validation', 'Request body is not JSON', 'body');
  }
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const path = issue ? issue.path.map(String) : [];
  if (issue?.code === 'unrecognized_keys' && issue.keys[0] !== undefined) path.push(issue.keys[0]);
  const field = path.join('.');
  throw new HttpError(400, 'validation', `${field || 'body'}: ${issue?.message ?? 'invalid'}`, field || 'body');
}

function checkSchemaVersion(version: number | undefined): void {
  if (version !== undefined && version !== SYNC_SCHEMA_VERSION) {
    throw new HttpError(409, 'update_needed', `This HQ speaks sync schema ${SYNC_SCHEMA_VERSION}, the desk ${version}: update needed`, 'schemaVersion');
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  sendText(res, status, JSON.stringify(body));
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const toResult = (r: { id: number; status: 'applied' | 'rejected'; code: string | null; message: string | null; details: Record<string, unknown> | null }): MutationResult => ({
  id: r.id,
  status: r.status,
  ...(r.code ? { code: r.code as MutationResult['code'] } : {}),
  ...(r.message ? { message: r.message } : {}),
  ...(r.details ? { details: r.details } : {}),
});

export function hqHandler(options: HqServerOptions) {
  const { db } = options;
  const maxBody = options.maxBody ?? 32 * 1024 * 1024;
  const log = options.log ?? (() => undefined);

  /** The store and device a Bearer token '<store_id>.<device_id>.<secret>' names (not yet checked). */
  function tokenOf(req: IncomingMessage): { storeId: string; deviceId: string; secret: string } {
    const header = req.headers.authorization ?? '';
    const m = /^Bearer ([^.\s]+)\.([^.\s]+)\.([^.\s]+)$/.exec(header);
    if (!m) throw new HttpError(401, 'unauthorized', 'A device token is required (Authorization: Bearer <token>)', 'authorization');
    const [, storeId = '', deviceId = '', secret = ''] = m;
    return { storeId, deviceId, secret };
  }

  /** Checks the token's secret against the device row read for it; a revoked or wrong one is 401 (and logged). */
  async function checkToken(req: IncomingMessage, secret: string, device: DeviceRow | null | undefined): Promise<DeviceRow> {
    const a = Buffer.from(sha256(secret));
    if (!device || !timingSafeEqual(a, Buffer.from(device.tokenHash.padEnd(a.length).slice(0, a.length)))) {
      throw new HttpError(401, 'unauthorized', 'Unknown device token', 'authorization');
    }
    if (device.revokedAt) return refuseRevoked(req, device);
    return device;
  }

  /** 401 for a revoked device, written to the security log. */
  async function refuseRevoked(req: IncomingMessage, device: { storeId: string; deviceId: string }): Promise<never> {
    await logSecurity(db, { storeId: device.storeId, deviceId: device.deviceId, kind: 'revoked_token', detail: { path: req.url ?? '' } });
    throw new HttpError(401, 'unauthorized', 'This device was revoked by HQ; enrol it again', 'authorization');
  }

  /**
   * Token check for a push without a query when this process has seen the token before: a device's
   * token hash never changes, so `knownTokens` is never stale. Revocation is NOT cached: the push
   * checks revoked_at on the device row it locks anyway (pushAsDevice), so a revocation by any
   * process takes effect at once.
   */
  async function authenticatePush(req: IncomingMessage): Promise<{ storeId: string; deviceId: string }> {
    const token = tokenOf(req);
    const key = `${token.storeId}.${token.deviceId}`;
    const hash = sha256(token.secret);
    if (knownTokens.get(key) === hash) return token;
    const device = await checkToken(req, token.secret, await getDevice(db, token.storeId, token.deviceId));
    if (knownTokens.size >= KNOWN_TOKENS_MAX) knownTokens.delete(knownTokens.keys().next().value!);
    knownTokens.set(key, device.tokenHash);
    return token;
  }
  const knownTokens = new Map<string, string>();

  async function enrol(req: IncomingMessage): Promise<EnrolResponse> {
    const body = parse(enrolRequestSchema, await readJson(req, maxBody));
    checkSchemaVersion(body.schemaVersion);
    const deviceId = uuidv7();
    const secret = randomBytes(32).toString('base64url');
    const at = new Date().toISOString();
    const storeId = await db.transaction().execute(async (trx) => {
      const codeHash = sha256(normaliseCode(body.code));
      // A desk enrolling again: a code of another store is refused before it is used up.
      const codeStore = body.replaces ? await enrolCodeStore(trx, codeHash) : null;
      if (body.replaces && codeStore !== null && codeStore !== body.replaces.storeId) {
        throw new HttpError(409, 'validation', 'This enrolment code is for another store', 'code');
      }
      const taken = await takeEnrolCode(trx, codeHash, deviceId, at);
      if ('refused' in taken) throw new HttpError(401, 'unauthorized', `Enrolment code is ${taken.refused === 'unknown' ? 'unknown' : taken.refused === 'used' ? 'already used' : 'expired'}`, 'code');
      const lastMutationId = body.replaces ? await takeOverDevice(trx, taken.storeId, body.replaces.deviceId, at) : 0;
      await insertDevice(trx, { storeId: taken.storeId, deviceId, name: body.deviceName, tokenHash: sha256(secret), at, lastMutationId });
      return taken.storeId;
    });
    const store = await storeById(db, storeId);
    if (!store) throw new Error('store vanished');
    log(`enrolled device ${deviceId} (${body.deviceName}) for store ${store.code}`);
    return { deviceId, token: `${storeId}.${deviceId}.${secret}`, store: { id: store.storeId, code: store.code, name: store.name, timezone: store.timezone } };
  }

  async function push(req: IncomingMessage): Promise<PushResponse> {
    const device = await authenticatePush(req);
    const body = parse(pushRequestSchema, await readJson(req, maxBody));
    checkSchemaVersion(body.schemaVersion);
    if (body.deviceId !== device.deviceId) {
      await logSecurity(db, { storeId: device.storeId, deviceId: device.deviceId, kind: 'device_mismatch', detail: { claimed: body.deviceId } });
      throw new HttpError(403, 'forbidden', 'deviceId is not the device of this token', 'deviceId');
    }
    // A transient error (database down) throws: nothing of the batch is applied, the desk retries it in order.
    try {
      return await applyPush(db, device.storeId, device.deviceId, body.mutations, (locked) => {
        if (locked.revokedAt) throw new RevokedDevice();
      });
    } catch (e) {
      if (e instanceof RevokedDevice) return refuseRevoked(req, device);
      throw e;
    }
  }

  /** The page as JSON text (pull-page.ts: stored rows spliced in as PostgreSQL prints them). */
  async function pull(req: IncomingMessage, url: URL): Promise<string> {
    const token = tokenOf(req);
    // Device, store seqs, totals and rejections in one round trip (repos/pull-state.ts).
    const state = await pullState(db, token.storeId, token.deviceId, REJECTIONS_IN_PULL);
    const device = await checkToken(req, token.secret, state?.device);
    const query = Object.fromEntries(url.searchParams);
    for (const key of ['store', 'storeId', 'store_id', 'scope']) {
      const asked = query[key];
      if (asked === undefined) continue;
      // The store comes from the token; naming another one is refused and logged.
      const store = await storeById(db, device.storeId);
      if (asked !== device.storeId && asked !== store?.code && asked !== `store:${device.storeId}`) {
        await logSecurity(db, { storeId: device.storeId, deviceId: device.deviceId, kind: 'out_of_scope_read', detail: { [key]: asked } });
        throw new HttpError(403, 'forbidden', `This device may read only its own store`, key);
      }
      delete query[key];
    }
    const q = parse(pullQuerySchema, query);
    checkSchemaVersion(q.schemaVersion);
    const seqs = state?.seqs;
    if (!seqs) throw new HttpError(403, 'forbidden', 'The store of this device is gone', 'authorization');
    if (q.cursor > seqs.lastSeq || (q.cursor > 0 && q.cursor < seqs.minSeq)) {
      throw new HttpError(410, 'cursor_expired', `Cursor ${q.cursor} is no longer served (HQ holds ${seqs.minSeq}..${seqs.lastSeq}): resync from 0`, 'cursor');
    }
    // Every row is written with last_seq raised in the same transaction: nothing newer than the
    // last_seq just read can be committed, so a desk that is up to date costs no row query.
    if (q.upTo !== undefined && q.upTo < q.cursor) throw new HttpError(400, 'validation', `upTo ${q.upTo} is before cursor ${q.cursor}`, 'upTo');
    // A slice (upTo) that ends before the log does: its end is the cursor, and more follows.
    const sliceEnd = q.upTo !== undefined && q.upTo < seqs.lastSeq ? q.upTo : null;
    const page = q.cursor >= seqs.lastSeq ? null : await changesPage(db, device.storeId, q.cursor, q.limit, sliceEnd);
    const pageEnd = page?.hasMore ? page.lastSeq : sliceEnd;
    const hasMore = (page?.hasMore ?? false) || sliceEnd !== null;
    // The admin's "last sync" needs minutes, not every pull: a write at most once a minute per device.
    const now = new Date();
    if (!device.lastPullAt || now.getTime() - Date.parse(device.lastPullAt) > 60_000) {
      await setDeviceProgress(db, device.storeId, device.deviceId, { lastPullAt: now.toISOString() });
    }
    const meta: Omit<PullResponse, 'changes'> = {
      schemaVersion: SYNC_SCHEMA_VERSION,
      // On the last page the cursor jumps to the store's last_seq as read BEFORE the page (every row
      // up to it was committed then), so a cursor is never left below min_seq after a compaction.
      cursor: hasMore ? (pageEnd ?? q.cursor) : Math.max(page?.lastSeq ?? q.cursor, seqs.lastSeq),
      headSeq: seqs.lastSeq,
      hasMore,
      lastMutationId: device.lastMutationId,
      rejections: state!.rejections.map(toResult),
      totals: state!.totals,
    };
    // Rows the page refers to that would only come later are sent with it (the cursor stays the page's),
    // unless the desk checks references at the end of its bulk load (deferRefs).
    const ahead = hasMore && pageEnd !== null && page !== null && page.count > 0 && q.deferRefs !== '1' ? await parentsAhead(db, device.storeId, q.cursor, pageEnd) : [];
    return pullPageJson(meta, ahead, page?.json ?? '');
  }

  async function ingest(req: IncomingMessage) {
    const token = options.adminToken;
    const header = req.headers.authorization ?? '';
    const given = Buffer.from(header.replace(/^Bearer /, ''));
    if (!token || given.length !== Buffer.byteLength(token) || !timingSafeEqual(given, Buffer.from(token))) {
      throw new HttpError(401, 'unauthorized', 'The HQ admin token is required for ingest', 'authorization');
    }
    const body = parse(ingestRequestSchema, await readJson(req, maxBody));
    return ingestRows(db, body.store, body.rows, { dryRun: body.dryRun ?? false });
  }

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://hq');
    } catch {
      // A request line no URL parser takes (`GET //a:b`): refused, not thrown (it stopped the server for every store).
      return send(res, 400, { error: { code: 'validation', message: 'Not a valid request path', field: 'path' } });
    }
    try {
      const route = `${req.method ?? 'GET'} ${url.pathname}`;
      switch (route) {
        case 'GET /health':
          return send(res, 200, { ok: true, schemaVersion: SYNC_SCHEMA_VERSION });
        case 'POST /enrol':
          return send(res, 200, await enrol(req));
        case 'POST /sync/push':
          return send(res, 200, await push(req));
        case 'GET /sync/pull':
          return sendText(res, 200, await pull(req, url));
        case 'POST /ingest':
          return send(res, 200, await ingest(req));
        default:
          throw new HttpError(404, 'validation', `No endpoint ${route}`, 'path');
      }
    } catch (e) {
      if (e instanceof HttpError) return send(res, e.status, { error: { code: e.code, message: e.message, ...(e.field ? { field: e.field } : {}) } });
      log(`internal error on ${req.method} ${url.pathname}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      // Transient (e.g. the database is down): nothing after the failing mutation was applied; retry.
      return send(res, 503, { error: { code: 'internal', message: 'HQ could not finish the request; what it answered before is kept, retry later' } });
    }
  };
}

/** Starts the HQ server on host:port (port 0 = a free one). */
export async function startHqServer(options: HqServerOptions & { port?: number; host?: string }): Promise<HqServer> {
  const handler = hqHandler(options);
  const server = createServer((req, res) => {
    // Whatever escapes a request is that request's failure, never the server's.
    handler(req, res).catch((e: unknown) => {
      console.error('[hq] request failed', e);
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port, address } = server.address() as AddressInfo;
  return {
    server,
    url: `http://${address.includes(':') ? `[${address}]` : address}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
