import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenedDatabase } from '../db/open';
import { addCustomer, createTestStore } from '../testing/fixture';
import { searchCustomers } from './search';

describe('searchCustomers (front-desk lookup over a real SQLite file)', () => {
  let store: Awaited<ReturnType<typeof createTestStore>>;
  let opened: OpenedDatabase;

  beforeAll(async () => {
    store = await createTestStore();
    opened = store.opened;
    await addCustomer(opened, { id: 'c-wangwei', name: '王伟', phone: '13812345678', plates: ['粤A12345'] });
    await addCustomer(opened, { id: 'c-wangweihua', name: '王伟华', phone: '13900005678', plates: ['粤B88A12'] });
    await addCustomer(opened, { id: 'c-dotted', name: '阿卜杜拉·买买提', phone: '13600009999', plates: ['新A99999'] });
    await addCustomer(opened, { id: 'c-undotted', name: '迪丽热巴', phone: '13600008888', plates: ['新A88888'] });
    await addCustomer(opened, { id: 'c-zhangwei', name: '张伟', phone: '13712340000', plates: ['粤AD23456', '湘A99999'] });
    await addCustomer(opened, { id: 'c-zeng', name: '曾小贤', phone: '15011112222', plates: [] });
    await addCustomer(opened, { id: 'c-liu', name: '刘洋', phone: '18666661234', plates: ['京N12345'] });
    await addCustomer(opened, { id: 'c-two', name: '赵敏', phone: '13500000001', phone2: '13698769876', plates: [] });
  });
  afterAll(() => store.cleanup());

  const ids = async (q: string) => (await searchCustomers(opened.sqlite, q, 12)).map((h) => h.id);

  it('finds plate fragments anywhere in the plate', async () => {
    expect(await ids('A12')).toContain('c-wangwei');
    expect(await ids('A12')).toContain('c-wangweihua'); // 粤B88A12 ends with A12
    expect((await ids('12345'))[0]).toMatch(/c-wangwei|c-liu/);
    expect(await ids('12345')).toEqual(expect.arrayContaining(['c-wangwei', 'c-liu']));
    expect(await ids('粤AD2')).toEqual(['c-zhangwei']);
    expect(await ids('ad234')).toEqual(['c-zhangwei']);
  });

  it('finds phone tails, ranking a true tail above a digit run inside another number', async () => {
    const hits = await searchCustomers(opened.sqlite, '5678', 12);
    expect(hits.map((h) => h.id).slice(0, 2).sort()).toEqual(['c-wangwei', 'c-wangweihua']);
    expect(hits[0]!.matchedBy).toBe('phone');
  });

  it("shows the phone that matched, also when it is the customer's second phone", async () => {
    const [hit] = await searchCustomers(opened.sqlite, '9876', 12);
    expect(hit).toMatchObject({ id: 'c-two', matchedBy: 'phone', phone: '13698769876', matchedText: '13698769876' });
    const [first] = await searchCustomers(opened.sqlite, '0001', 12);
    expect(first).toMatchObject({ id: 'c-two', phone: '13500000001' });
  });

  it('finds two-character names exactly first, then longer names that start with them', async () => {
    expect(await ids('王伟')).toEqual(['c-wangwei', 'c-wangweihua']);
    expect(await ids('伟')).toEqual(expect.arrayContaining(['c-wangwei', 'c-zhangwei', 'c-wangweihua']));
  });

  it('finds full pinyin, pinyin from a syllable, and initials', async () => {
    expect((await ids('zhangwei'))[0]).toBe('c-zhangwei');
    expect(await ids('zengxiao')).toEqual(['c-zeng']); // 曾 as a surname reads zeng
    expect((await ids('zw'))[0]).toBe('c-zhangwei');
    expect(await ids('ww')).toEqual(expect.arrayContaining(['c-wangwei', 'c-wangweihua']));
  });

  it('finds a phone as people write it (+86, spaces, brackets, full-width digits) and a name with its dot', async () => {
    for (const q of ['+86 138 1234 5678', '8613812345678', '(138)1234-5678', '１３８１２３４５６７８', '１３８ １２３４']) expect(await ids(q), q).toEqual(['c-wangwei']);
    expect(await ids('阿卜杜拉·买买提')).toEqual(['c-dotted']);
    expect(await ids('买买提')).toEqual(['c-dotted']);
    expect(await ids('迪丽·热巴')).toEqual(['c-undotted']); // stored without the dot, typed with one
    expect(await ids('Ａ１２')).toContain('c-wangwei');
  });

  it('returns nothing, and changes nothing, for noise and SQL-looking text', async () => {
    const before = opened.sqlite.prepare('SELECT count(*) AS n FROM customers').get();
    for (const q of ['', ' ', 'a', "'; DROP TABLE customers; --", '%', '_', '\u0000', '😀😀', 'x'.repeat(64)]) {
      expect(await searchCustomers(opened.sqlite, q, 12)).toEqual([]);
    }
    expect(opened.sqlite.prepare('SELECT count(*) AS n FROM customers').get()).toEqual(before);
  });

  it('respects the limit', async () => {
    expect((await searchCustomers(opened.sqlite, '1', 12)).length).toBe(0); // one digit is too broad
    expect((await searchCustomers(opened.sqlite, '13', 2)).length).toBeLessThanOrEqual(2);
  });
});
