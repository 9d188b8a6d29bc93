import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from './cli';
import { isoDateIn } from '../shared/domain/calendar/dates';
import { createTestDatabase } from './testing/hq';

// The admin CLI against a real database: PostgreSQL (DATABASE_URL, a database of its own) or a PGlite directory.

const dir = mkdtempSync(join(tmpdir(), 'hq-cli-'));
let drop: () => Promise<void> = async () => undefined;
const saved = { url: process.env.DATABASE_URL, data: process.env.HQ_DATA_DIR };

beforeAll(async () => {
  const db = await createTestDatabase();
  drop = db.drop;
  if (db.url) process.env.DATABASE_URL = db.url;
  process.env.HQ_DATA_DIR = join(dir, 'data');
}, 120_000);
afterAll(async () => {
  process.env.DATABASE_URL = saved.url;
  if (saved.url === undefined) delete process.env.DATABASE_URL;
  process.env.HQ_DATA_DIR = saved.data;
  if (saved.data === undefined) delete process.env.HQ_DATA_DIR;
  await drop();
}, 60_000);

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, (l) => out.push(l), (l) => err.push(l));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('hq CLI', () => {
  it('creates a store and staff, issues an enrolment code, imports a file and shows the status; bad flags name the flag', { timeout: 120_000 }, async () => {
    expect(await run('create-store', '--code', 'SH01', '--name', '上海一店')).toMatchObject({ code: 0, out: expect.stringContaining('store SH01 created') });
    expect(await run('create-store', '--code', 'SH01', '--name', 'again')).toMatchObject({ code: 2, err: expect.stringContaining('exists already') });
    expect(await run('create-store', '--name', 'no code')).toMatchObject({ code: 2, err: expect.stringContaining('--code is required') });
    expect(await run('add-staff', '--store', 'SH01', '--name', '王顾问', '--role', 'advisor', '--colour', 'red')).toMatchObject({ code: 2, err: expect.stringContaining('--colour') });
    expect(await run('add-staff', '--store', 'NOPE', '--name', '王顾问', '--role', 'advisor')).toMatchObject({ code: 2, err: expect.stringContaining('No store with code NOPE') });
    expect(await run('add-staff', '--store', 'SH01', '--name', '王顾问', '--role', 'advisor')).toMatchObject({ code: 0 });
    const code = await run('enrol-code', '--store', 'SH01', '--hours', '2');
    expect(code.code).toBe(0);
    expect(code.out).toMatch(/[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}/);
    const file = join(dir, 'dms.csv');
    writeFileSync(file, 'name,phone,vin,plate,brand,model,delivery_date\n王伟,13800000001,LSVAA4182E2000001,沪A12345,VW,Passat,2024-03-01\n坏,1,,,,,\n');
    expect(await run('import', '--store', 'SH01', file, '--dry-run')).toMatchObject({ code: 3, out: 'dry run (nothing written): added 1, updated 0, unchanged 0, rejected 1', err: expect.stringContaining('line 3: phone') });
    expect(await run('import', '--store', 'SH01', file)).toMatchObject({ code: 3, out: 'added 1, updated 0, unchanged 0, rejected 1' });
    expect(await run('import', '--store', 'SH01', join(dir, 'x.txt'))).toMatchObject({ code: 2 });
    const status = await run('status');
    // store + rules config + staff + customer + vehicle = 5 changes
    expect(status).toMatchObject({ code: 0, out: expect.stringMatching(/^SH01 {2}上海一店 {2}devices 0 {2}last push never {2}last pull never {2}changes 5$/) });
    expect(await run('revoke', '--device', 'nope')).toMatchObject({ code: 2, err: expect.stringContaining('No active device nope') });
  });

  it("starts a store's points programme the day it is created, or on --points-from; moves it by name; bad dates name the flag", { timeout: 120_000 }, async () => {
    const today = isoDateIn(new Date(), 'Asia/Shanghai');
    expect(await run('create-store', '--code', 'PF01', '--name', '积分店')).toMatchObject({ code: 0, out: expect.stringContaining(`points from ${today}`) });
    expect(await run('create-store', '--code', 'PF02', '--name', '老店', '--points-from', 'none')).toMatchObject({ code: 0, out: expect.stringContaining('points from all history') });
    expect(await run('create-store', '--code', 'PF03', '--name', '坏', '--points-from', '2027-02-30')).toMatchObject({ code: 2, err: expect.stringContaining('--points-from must be a date') });
    expect(await run('points-from', '--store', 'PF01', '--points-from', '2027-01-01')).toMatchObject({ code: 0, out: 'store PF01: points from 2027-01-01' });
    expect(await run('points-from', '--store', 'PF01')).toMatchObject({ code: 2, err: expect.stringContaining('--points-from is required') });
  });
});
