import { describe, expect, it } from 'vitest';
import { pullPageJson } from './pull-page';

describe('pullPageJson', () => {
  it('splices the rows sent ahead and the page text into a page that parses to the protocol shape', () => {
    const text = pullPageJson(
      { schemaVersion: 1, cursor: 9, hasMore: false, lastMutationId: 3, rejections: [{ id: 2, status: 'rejected', code: 'not_found' }], totals: { customers: 1 } },
      [{ seq: 8, tbl: 'customers', pk: 'c1', json: '{"id": "c1", "name": "王\\"伟", "points": 1.5}', deleted: false }],
      '{"seq":9,"table":"customer_channel_consents","pk":"c1:sms","op":"delete","row":null}',
    );
    expect(JSON.parse(text)).toEqual({
      changes: [
        { seq: 8, table: 'customers', pk: 'c1', op: 'upsert', row: { id: 'c1', name: '王"伟', points: 1.5 } },
        { seq: 9, table: 'customer_channel_consents', pk: 'c1:sms', op: 'delete', row: null },
      ],
      schemaVersion: 1,
      cursor: 9,
      hasMore: false,
      lastMutationId: 3,
      rejections: [{ id: 2, status: 'rejected', code: 'not_found' }],
      totals: { customers: 1 },
    });
  });

  it('an empty page is still a page', () => {
    expect(JSON.parse(pullPageJson({ schemaVersion: 1, cursor: 0, hasMore: false, lastMutationId: 0, rejections: [], totals: {} }, [], ''))).toMatchObject({ changes: [], cursor: 0 });
  });
});
