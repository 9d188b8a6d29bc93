import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tempDbFile } from '../testing/fixture';
import { fileTokenStore, relayTokenStore, tokenFileFor, type TokenMessage } from './token-store';

describe('token stores', () => {
  it('the harness file store keeps the token in a 0600 file, also when the file existed with a wider mode', () => {
    const tmp = tempDbFile();
    const file = tokenFileFor(tmp.file);
    const store = fileTokenStore(file);
    expect(store.read()).toBeNull();
    store.write('a.b.first');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    store.write('a.b.second');
    expect(store.read()).toBe('a.b.second');
    store.clear();
    expect(store.read()).toBeNull();
    tmp.cleanup();
  });

  it('the app relay store serves the token main handed over and sends every change to main', () => {
    const sent: TokenMessage[] = [];
    const store = relayTokenStore('s.d.secret', (m) => sent.push(m));
    expect(store.read()).toBe('s.d.secret');
    store.write('s.d.new');
    expect(store.read()).toBe('s.d.new');
    store.clear();
    expect(store.read()).toBeNull();
    expect(sent).toEqual([{ type: 'token:write', token: 's.d.new' }, { type: 'token:clear' }]);
  });
});
