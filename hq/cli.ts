import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { addStaff, AdminError, createEnrolCode, createStore, currentRules, devices, publishRules, requireStore, revoke, setPointsFrom, status } from './admin';
import { openHq, type HqDb } from './db/open';
import { IngestFileError, readIngestFile } from './ingest/files';
import { ingestRows } from './ingest/ingest';
import { startHqServer } from './server';
import { webhookGateway } from './messages/gateway';
import { startMessageRounds } from './messages/rounds';

/**
 * `hq` — the HQ server and its admin commands (run through tsx: `npm run hq`, `npm run hq:admin -- <command>`,
 * or bin/hq.mjs). The database is DATABASE_URL's PostgreSQL, else an embedded PGlite in HQ_DATA_DIR
 * (default ./hq-data; one process at a time: stop the server before an admin command on PGlite).
 * Exit codes: 0 ok, 1 failure, 2 bad usage (the message names the flag), 3 import with rejected rows.
 */
const USAGE = `usage: hq <command> [flags]
  serve                                   start the HQ server (PORT, default 8787; HQ_HOST, default 127.0.0.1; HQ_ADMIN_TOKEN enables POST /ingest; HQ_POOL_SIZE, default 20)
  create-store --code C --name N [--timezone Asia/Shanghai] [--points-from YYYY-MM-DD|none]
                                          the points programme starts on --points-from (default: today):
                                          visits before it (the dealer history imported) earn nothing
  points-from  --store C --points-from YYYY-MM-DD|none
                                          move the start, while no visit of the store has earned
  add-staff    --store C --name N --role advisor|manager [--phone P]
  enrol-code   --store C [--hours 24]     a one-time code a desk exchanges for its device token
  devices      [--store C]                enrolled devices
  revoke       --device ID                revoke a device's token
  status                                  each store's devices and last sync
  import       --store C FILE.csv|FILE.xlsx [--dry-run]
  rules        [--publish FILE.json]      print the published rules config, or publish a new one`;

class UsageError extends Error {}

type Out = (line: string) => void;

export async function main(argv: string[], out: Out = (l) => console.log(l), err: Out = (l) => console.error(l)): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help') {
    out(USAGE);
    return command ? 0 : 2;
  }
  let hq: HqDb | null = null;
  const open = async () => (hq = await openHq({ databaseUrl: process.env.DATABASE_URL, dataDir: process.env.HQ_DATA_DIR, poolSize: Number(process.env.HQ_POOL_SIZE ?? 20) }));
  try {
    const flags = (options: Record<string, { type: 'string' | 'boolean' }>, positionals = false) => {
      let parsed: { values: Record<string, string | boolean | (string | boolean)[] | undefined>; positionals: string[] };
      try {
        parsed = parseArgs({ args: rest, options, strict: true, allowPositionals: positionals });
      } catch (e) {
        throw new UsageError(e instanceof Error ? e.message : String(e));
      }
      const values: Record<string, string | undefined> = {};
      const on = new Set<string>();
      for (const [k, v] of Object.entries(parsed.values)) {
        if (typeof v === 'string') values[k] = v;
        else if (v === true) on.add(k);
      }
      return { values, on, positionals: parsed.positionals };
    };
    switch (command) {
      case 'serve': {
        flags({});
        const h = await open();
        const port = Number(process.env.PORT ?? 8787);
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`PORT ${process.env.PORT} is not a port number`);
        const server = await startHqServer({ db: h.db, port, host: process.env.HQ_HOST ?? '127.0.0.1', adminToken: process.env.HQ_ADMIN_TOKEN, log: out });
        out(`HQ listening on ${server.url} (${h.kind === 'postgres' ? 'PostgreSQL' : `embedded PGlite in ${process.env.HQ_DATA_DIR ?? './hq-data'}`}, schema ${h.schemaVersion})`);
        const webhook = process.env.HQ_SMS_WEBHOOK_URL;
        const stopMessages = startMessageRounds(h.db, webhook ? webhookGateway(webhook, process.env.HQ_SMS_WEBHOOK_TOKEN) : null, out);
        await new Promise<void>((resolve) => {
          const stop = () => resolve();
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
        await stopMessages();
        await server.close();
        return 0;
      }
      case 'create-store': {
        const { values } = flags({ code: { type: 'string' }, name: { type: 'string' }, timezone: { type: 'string' }, 'points-from': { type: 'string' } });
        const s = await createStore((await open()).db, values);
        out(`store ${s.code} created (id ${s.storeId}, ${s.timezone}; points from ${s.pointsFrom ?? 'all history'})`);
        return 0;
      }
      case 'points-from': {
        const { values } = flags({ store: { type: 'string' }, 'points-from': { type: 'string' } });
        const s = await setPointsFrom((await open()).db, values);
        out(`store ${values.store}: points from ${s.pointsFrom ?? 'all history'}`);
        return 0;
      }
      case 'add-staff': {
        const { values } = flags({ store: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, phone: { type: 'string' } });
        const s = await addStaff((await open()).db, values);
        out(`${values.role} ${values.name} added to ${values.store} (id ${s.id})`);
        return 0;
      }
      case 'enrol-code': {
        const { values } = flags({ store: { type: 'string' }, hours: { type: 'string' } });
        const c = await createEnrolCode((await open()).db, values);
        out(`enrolment code for ${values.store}: ${c.code} (one use, expires ${c.expiresAt})`);
        return 0;
      }
      case 'devices': {
        const { values } = flags({ store: { type: 'string' } });
        const list = await devices((await open()).db, values.store);
        if (list.length === 0) out('no devices');
        for (const d of list) out([d.deviceId, d.name, d.revokedAt ? `revoked ${d.revokedAt}` : 'active', `mutation ${d.lastMutationId}`, `push ${d.lastPushAt ?? '-'}`, `pull ${d.lastPullAt ?? '-'}`].join('  '));
        return 0;
      }
      case 'revoke': {
        const { values } = flags({ device: { type: 'string' } });
        await revoke((await open()).db, values.device);
        out(`device ${values.device} revoked`);
        return 0;
      }
      case 'status': {
        flags({});
        const rows = await status((await open()).db);
        if (rows.length === 0) out('no stores');
        for (const r of rows) out(`${r.code}  ${r.name}  devices ${r.devices}  last push ${r.lastPush ?? 'never'}  last pull ${r.lastPull ?? 'never'}  changes ${r.changes}`);
        return 0;
      }
      case 'import': {
        const { values, on, positionals } = flags({ store: { type: 'string' }, 'dry-run': { type: 'boolean' } }, true);
        if (positionals.length !== 1) throw new UsageError('import takes exactly one FILE.csv or FILE.xlsx');
        const file = positionals[0]!;
        if (!/\.(csv|xlsx)$/i.test(file)) throw new UsageError(`${file}: the file must be .csv or .xlsx`);
        const h = await open();
        const store = await requireStore(h.db, values.store);
        const read = await readIngestFile(file);
        if (read.unknownHeaders.length > 0) err(`warning: ignored columns: ${read.unknownHeaders.join(', ')}`);
        const summary = await ingestRows(h.db, store.code, read.rows, { dryRun: on.has('dry-run') });
        for (const e of summary.errors) err(`line ${e.line}: ${e.field}: ${e.message}`);
        out(`${summary.dryRun ? 'dry run (nothing written): ' : ''}added ${summary.added}, updated ${summary.updated}, unchanged ${summary.unchanged}, rejected ${summary.rejected}`);
        return summary.rejected > 0 ? 3 : 0;
      }
      case 'rules': {
        const { values } = flags({ publish: { type: 'string' } });
        const h = await open();
        if (values.publish) {
          let json: unknown;
          try {
            json = JSON.parse(await readFile(values.publish, 'utf8'));
          } catch (e) {
            throw new AdminError('publish', `--publish ${values.publish}: ${e instanceof Error ? e.message : String(e)}`);
          }
          await publishRules(h.db, json);
          out('rules config published to every store');
        } else out(JSON.stringify(await currentRules(h.db), null, 2));
        return 0;
      }
      default:
        throw new UsageError(`unknown command ${command}\n${USAGE}`);
    }
  } catch (e) {
    if (e instanceof UsageError || e instanceof AdminError) {
      err(`hq ${command}: ${e.message}`);
      return 2;
    }
    if (e instanceof IngestFileError) {
      err(`hq ${command}: nothing imported: ${e.message}`);
      return 3;
    }
    err(`hq ${command}: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  } finally {
    await (hq as HqDb | null)?.close();
  }
}
