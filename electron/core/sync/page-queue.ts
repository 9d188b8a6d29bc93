import type { PullResponse } from '../../../shared/sync/protocol';

/** Asks HQ for the page after `cursor`, only up to seq `upTo` when given (a slice of the log). */
export type FetchPage = (cursor: number, upTo: number | undefined) => Promise<PullResponse>;

interface Asked {
  cursor: number;
  upTo: number | undefined;
  page: Promise<PullResponse>;
}

/**
 * The pages a pull waits for, in log order. With `ahead` 1, the page after one is asked for
 * as soon as that one arrives (its cursor is where the next starts), and is on its way while
 * this one is applied. With more, once HQ has said where its log ends (headSeq), the next
 * slices of `size` seqs are asked for at once (upTo): HQ prepares them while the desk applies,
 * instead of waiting for each page's cursor (an initial sync: HQ's time per page is longer
 * than the desk's). A page that does not end where the next asked one starts (HQ cut it
 * short, or the log moved) drops what was asked after it, and the pull goes on from its cursor.
 */
export class PageQueue {
  private asked: Asked[] = [];

  constructor(
    private readonly fetch: FetchPage,
    private readonly size: number,
    private readonly ahead: number,
  ) {}

  /** The page after `cursor`: the one already asked for, or asked now. */
  take(cursor: number): Promise<PullResponse> {
    const first = this.asked[0];
    if (first?.cursor === cursor) return this.asked.shift()!.page;
    this.clear();
    return this.request(cursor, undefined).page;
  }

  /** A page arrived (before it is applied): asks for what follows it. */
  arrived(page: PullResponse): void {
    if (!page.hasMore || (this.asked.length > 0 && this.asked[0]!.cursor !== page.cursor)) this.clear();
    if (!page.hasMore) return;
    while (this.asked.length < this.ahead) {
      const last = this.asked.at(-1);
      if (last && last.upTo === undefined) return; // where an open-ended page ends is known only when it arrives
      const from = last?.upTo ?? page.cursor;
      const head = page.headSeq;
      // Slices only up to the end HQ told; past it (or not told), one open-ended page.
      const upTo = this.ahead > 1 && head !== undefined && from < head ? Math.min(from + this.size, head) : undefined;
      this.asked.push(this.request(from, upTo));
    }
  }

  /** Forgets what was asked (a failed or refused page: the pull stops, or goes on from its cursor). */
  clear(): void {
    this.asked = [];
  }

  private request(cursor: number, upTo: number | undefined): Asked {
    const page = this.fetch(cursor, upTo);
    page.catch(() => undefined); // awaited by take(), or dropped with the pages asked after a failure
    return { cursor, upTo, page };
  }
}
