import { v7 } from 'uuid';
import type { Rng } from './rng';

/**
 * UUIDv7 ids whose time part comes from the row's own date and whose random part
 * comes from a seeded stream: the same seed always gives the same ids.
 */
export class IdMaker {
  private readonly bytes = new Uint8Array(16);

  constructor(private readonly rng: Rng) {}

  at(msecs: number): string {
    return v7({ msecs, random: this.rng.fill16(this.bytes) });
  }
}
