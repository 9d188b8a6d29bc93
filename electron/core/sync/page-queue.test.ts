import { describe, expect, it } from 'vitest';
import type { PullResponse } from '../../../shared/sync/protocol';
import { PageQueue } from './page-queue';

const page = (cursor: number, hasMore: boolean, headSeq?: number): PullResponse => ({ schemaVersion: 1, changes: [], cursor, hasMore, headSeq, lastMutationId: 0, rejections: [], totals: {} });

function recorder(answer: (cursor: number, upTo: number | undefined) => PullResponse) {
  const asked: [number, number | undefined][] = [];
  const fetch = (cursor: number, upTo: number | undefined) => {
    asked.push([cursor, upTo]);
    return Promise.resolve(answer(cursor, upTo));
  };
  return { asked, fetch };
}

describe('PageQueue', () => {
  it('with one page ahead asks for the next page from each page\'s cursor, open-ended (as before slices)', async () => {
    const r = recorder((cursor) => page(cursor + 10, cursor + 10 < 30, 30));
    const q = new PageQueue(r.fetch, 10, 1);
    const first = await q.take(0);
    q.arrived(first);
    expect(r.asked).toEqual([[0, undefined], [10, undefined]]);
    const second = await q.take(10);
    expect(second.cursor).toBe(20);
    expect(r.asked).toHaveLength(2); // the page asked ahead was used, not asked again
  });

  it('asks slices of `size` seqs up to the head, keeps `ahead` on their way, and goes on from a page cut short', async () => {
    const cutAt = new Map([[20, 25]]); // HQ cuts the slice after 20 at 25 (more rows than its limit)
    const r = recorder((cursor, upTo) => {
      if (cursor === 0) return page(10, true, 45);
      const end = cutAt.get(cursor) ?? upTo ?? 45;
      return page(end, end < 45, 45);
    });
    const q = new PageQueue(r.fetch, 10, 3);
    q.arrived(await q.take(0));
    expect(r.asked).toEqual([[0, undefined], [10, 20], [20, 30], [30, 40]]);
    q.arrived(await q.take(10));
    expect(r.asked.slice(4)).toEqual([[40, 45]]);
    const cut = await q.take(20);
    expect(cut.cursor).toBe(25);
    q.arrived(cut); // the slices asked after it start at 30, not 25: dropped, asked again from 25
    expect(r.asked.slice(5)).toEqual([[25, 35], [35, 45], [45, undefined]]);
    expect((await q.take(25)).cursor).toBe(35);
  });

  it('asks nothing more after the last page, and a take from another cursor drops what was asked', async () => {
    const r = recorder((cursor, upTo) => page(upTo ?? 20, (upTo ?? 20) < 20, 20));
    const q = new PageQueue(r.fetch, 5, 3);
    q.arrived(page(5, true, 20));
    expect(r.asked).toEqual([[5, 10], [10, 15], [15, 20]]);
    q.arrived(page(20, false, 20));
    expect((await q.take(20)).cursor).toBe(20);
    expect(r.asked.at(-1)).toEqual([20, undefined]);
  });
});
