import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type OpenedDatabase } from '../db/open';
import { tempDbFile } from '../testing/fixture';
import { hasIndexes } from './indexes';

describe('hasIndexes', () => {
  const tmp = tempDbFile();
  let opened: OpenedDatabase;
  beforeEach(() => {
    opened = openDatabase(tmp.file);
  });
  afterEach(async () => {
    await opened.close();
    tmp.cleanup();
  });

  it('is true only when every named index is there', () => {
    expect(hasIndexes(opened.sqlite, 'vehicles_customer')).toBe(true);
    expect(hasIndexes(opened.sqlite, 'visits_purchases', 'visits_free_by_date', 'customers_deleted_id')).toBe(true);
    expect(hasIndexes(opened.sqlite, 'vehicles_customer', 'no_such_index')).toBe(false);
    opened.sqlite.exec('DROP INDEX vehicles_customer');
    expect(hasIndexes(opened.sqlite, 'vehicles_customer')).toBe(false);
  });
});
