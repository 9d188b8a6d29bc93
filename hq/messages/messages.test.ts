import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_RULES } from '../../shared/domain/rules/config';
import { ingestRows } from '../ingest/ingest';
import { writeAsHq } from '../repos/admin';
import { findCustomerByPhone } from '../repos/rows';
import { pullAll, startTestHq, storeWithDesk, type TestHq } from '../testing/hq';
import { webhookGateway } from './gateway';
import { planAutoMessages } from './plan';
import { messageRound } from './rounds';
import { sendAutoMessages } from './send';

// The new-owner guide (D7) and the monthly tip: planned and sent by HQ through the brand's SMS
// webhook, once each, to customers who accept marketing by SMS; every desk pulls the log.
let t: TestHq;
let storeId = '';
let device: Awaited<ReturnType<typeof storeWithDesk>>['device'];
const received: Record<string, unknown>[] = [];
let answer = 200;
let webhook = '';
const at = '2026-11-24T02:00:00.000Z';

const car = (n: number, delivery: string) => ({
  name: `车主${n}`, phone: `1370000${String(2000 + n)}`, vin: `LSVAA4182E20${String(10000 + n)}`, plate: `粤E${String(20000 + n)}`, brand: 'Volkswagen', model: 'ID.4', delivery_date: delivery,
});
const messages = async () =>
  (await t.hq.db.selectFrom('sync_rows').select('data').where('store_id', '=', storeId).where('tbl', '=', 'auto_messages').orderBy('pk').execute()).map((r) => r.data as Record<string, unknown>);
async function consent(n: number, marketing: 0 | 1) {
  const c = (await findCustomerByPhone(t.hq.db, storeId, car(n, '').phone))!;
  await writeAsHq(t.hq.db, storeId, [{ tbl: 'customers', pk: c.pk, data: { ...c.data, marketing_consent: marketing } }]);
}

beforeAll(async () => {
  t = await startTestHq();
  ({ storeId, device } = await storeWithDesk(t, 'M01'));
  // Delivered 7 days ago (D7 today), 7 days ago without consent, and three months ago (the month's tip).
  await ingestRows(t.hq.db, 'M01', [car(1, '2026-11-17'), car(2, '2026-11-17'), car(3, '2026-08-20')], { dryRun: false });
  await consent(1, 1);
  await consent(3, 1);
  const server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (d) => (body += String(d)));
    req.on('end', () => {
      received.push(JSON.parse(body) as Record<string, unknown>);
      res.writeHead(answer).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  webhook = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`;
  const close = t.close;
  t.close = async () => {
    server.close();
    await close();
  };
}, 120_000);
afterAll(async () => t?.close(), 60_000);

describe('automatic messages', () => {
  it('queues what is due today for customers who accept marketing by SMS, once however often it plans', async () => {
    expect(await planAutoMessages(t.hq.db, storeId, '2026-11-24', DEFAULT_RULES, at)).toBe(2);
    expect(await planAutoMessages(t.hq.db, storeId, '2026-11-24', DEFAULT_RULES, at)).toBe(0);
    expect((await messages()).map((m) => [m.rule, m.occurrence, m.status]).sort()).toEqual([['d7_guide', '2026-11-17', 'queued'], ['monthly_tip', '2026-11', 'queued']]);
  });

  it('a gateway that does not answer leaves them queued; then each is sent once, and logged for the desks', async () => {
    for (const status of [503, 429, 401]) {
      // Down, throttling, or its token wrong: not the messages' fault, all kept for the next round.
      answer = status;
      expect(await sendAutoMessages(t.hq.db, storeId, webhookGateway(webhook), '2026-11-24', at), String(status)).toMatchObject({ sent: 0, refused: 0, waiting: 2 });
    }
    expect((await messages()).every((m) => m.status === 'queued')).toBe(true);
    answer = 200;
    received.length = 0;
    expect(await sendAutoMessages(t.hq.db, storeId, webhookGateway(webhook), '2026-11-24', at)).toMatchObject({ sent: 2 });
    expect(received.map((r) => [r.to, r.template]).sort()).toEqual([[car(1, '').phone, 'd7_guide'], [car(3, '').phone, 'monthly_tip']]);
    expect(await sendAutoMessages(t.hq.db, storeId, webhookGateway(webhook), '2026-11-24', at)).toMatchObject({ sent: 0 });
    expect(received).toHaveLength(2);
    const pulled = (await pullAll(t, device)).changes.filter((c) => c.table === 'auto_messages').map((c) => c.row!);
    expect(pulled.map((m) => [m.rule, m.status, m.sent_at]).sort()).toEqual([['d7_guide', 'sent', at], ['monthly_tip', 'sent', at]]);
  });

  it('a customer who withdrew consent after it was queued is not sent it', async () => {
    await ingestRows(t.hq.db, 'M01', [car(4, '2026-11-16')], { dryRun: false });
    await consent(4, 1);
    expect(await planAutoMessages(t.hq.db, storeId, '2026-11-24', DEFAULT_RULES, at)).toBe(1);
    await consent(4, 0);
    received.length = 0;
    expect(await sendAutoMessages(t.hq.db, storeId, webhookGateway(webhook), '2026-11-24', at)).toMatchObject({ sent: 0, voided: 1 });
    expect(received).toHaveLength(0);
  });

  it("the server's round plans and sends every store's on the store's own today", async () => {
    await ingestRows(t.hq.db, 'M01', [car(5, '2026-11-17')], { dryRun: false });
    await consent(5, 1);
    const lines: string[] = [];
    const sentTo: string[] = [];
    await messageRound(t.hq.db, { send: async (m) => (sentTo.push(m.to), { outcome: 'sent' }) }, new Date(at), (l) => lines.push(l));
    expect(sentTo).toEqual([car(5, '').phone]);
    expect(lines).toEqual([expect.stringMatching(/^messages M01: 1 queued, 1 sent/)]);
  });

  it('plans at any hour but sends by day only (they went out just after midnight)', async () => {
    await ingestRows(t.hq.db, 'M01', [car(6, '2026-11-18')], { dryRun: false });
    await consent(6, 1);
    const sentTo: string[] = [];
    const gateway = { send: async (m: { to: string }) => (sentTo.push(m.to), { outcome: 'sent' as const }) };
    await messageRound(t.hq.db, gateway, new Date('2026-11-24T17:00:00.000Z'), () => undefined); // 01:00 on the 25th in Shanghai
    expect(sentTo).toEqual([]);
    expect((await messages()).filter((m) => m.status === 'queued')).toHaveLength(1);
    await messageRound(t.hq.db, gateway, new Date('2026-11-25T01:00:00.000Z'), () => undefined); // 09:00
    expect(sentTo).toEqual([car(6, '').phone]);
  });

  it('two HQ processes on one database: one sends a store\'s messages, the other finds it busy; a sender that stopped frees it when its lease runs out', async () => {
    await ingestRows(t.hq.db, 'M01', [car(7, '2026-11-17'), car(8, '2026-11-17')], { dryRun: false });
    await consent(7, 1);
    await consent(8, 1);
    expect(await planAutoMessages(t.hq.db, storeId, '2026-11-24', DEFAULT_RULES, at)).toBe(2);
    const sentTo: string[] = [];
    let answerNow!: () => void;
    const held = new Promise<void>((resolve) => (answerNow = resolve));
    const slow = { send: async (m: { to: string }) => (sentTo.push(m.to), await held, { outcome: 'sent' as const }) };
    const fast = { send: async (m: { to: string }) => (sentTo.push(m.to), { outcome: 'sent' as const }) };
    const first = sendAutoMessages(t.hq.db, storeId, slow, '2026-11-24', at, 'hq-a');
    await vi.waitFor(() => expect(sentTo).toHaveLength(1));
    // The second process, while the first waits on the gateway: nothing sent twice.
    expect(await sendAutoMessages(t.hq.db, storeId, fast, '2026-11-24', at, 'hq-b')).toMatchObject({ busy: true, sent: 0 });
    answerNow();
    expect(await first).toMatchObject({ busy: false, sent: 2 });
    expect(sentTo.sort()).toEqual([car(7, '').phone, car(8, '').phone].sort());
    expect(await sendAutoMessages(t.hq.db, storeId, fast, '2026-11-24', at, 'hq-b')).toMatchObject({ busy: false, sent: 0 });

    // A process stopped mid-round leaves its lease: the store waits for it to run out, then goes on.
    await ingestRows(t.hq.db, 'M01', [car(9, '2026-11-17')], { dryRun: false });
    await consent(9, 1);
    expect(await planAutoMessages(t.hq.db, storeId, '2026-11-24', DEFAULT_RULES, at)).toBe(1);
    await t.hq.db.insertInto('message_send_leases').values({ store_id: storeId, holder: 'hq-stopped', until: new Date(Date.now() + 60_000).toISOString() }).execute();
    expect(await sendAutoMessages(t.hq.db, storeId, fast, '2026-11-24', at, 'hq-b')).toMatchObject({ busy: true, sent: 0 });
    await t.hq.db.updateTable('message_send_leases').set({ until: new Date(Date.now() - 1_000).toISOString() }).where('store_id', '=', storeId).execute();
    expect(await sendAutoMessages(t.hq.db, storeId, fast, '2026-11-24', at, 'hq-b')).toMatchObject({ busy: false, sent: 1 });
    expect(await t.hq.db.selectFrom('message_send_leases').selectAll().execute()).toEqual([]);
  });

  it("a sender whose lease ran out while it waited on the gateway: the process that takes over does not send that message again", async () => {
    await ingestRows(t.hq.db, 'M01', [car(10, '2026-11-17'), car(11, '2026-11-17')], { dryRun: false });
    await consent(10, 1);
    await consent(11, 1);
    expect(await planAutoMessages(t.hq.db, storeId, '2026-11-24', DEFAULT_RULES, at)).toBe(2);
    const sent: string[] = [];
    let b: Promise<unknown> | null = null;
    // A's first call hangs past its lease (a slow gateway, or the store's lock held by a long import); B takes the store over.
    const stalled = {
      send: async (m: { id: string }) => {
        sent.push(m.id);
        if (b === null) {
          await t.hq.db.updateTable('message_send_leases').set({ until: new Date(Date.now() - 1_000).toISOString() }).where('store_id', '=', storeId).execute();
          b = sendAutoMessages(t.hq.db, storeId, { send: async (x: { id: string }) => (sent.push(x.id), { outcome: 'sent' as const }) }, '2026-11-24', at, 'hq-b');
          await b;
        }
        return { outcome: 'sent' as const };
      },
    };
    const a = await sendAutoMessages(t.hq.db, storeId, stalled, '2026-11-24', at, 'hq-a');
    expect(await b).toMatchObject({ sent: 1 });
    // A lost the store to B: the message B sent meanwhile is not sent again (its list was read before).
    expect(a).toMatchObject({ sent: 1 });
    expect(sent).toHaveLength(2);
    expect(new Set(sent).size).toBe(2);
    expect((await messages()).filter((m) => m.status === 'queued')).toEqual([]);
  });
});
