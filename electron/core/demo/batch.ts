import type BetterSqlite3 from 'better-sqlite3';

/**
 * Multi-row INSERT: rows are collected and written `size` at a time through one
 * `INSERT ... SELECT ... FROM (VALUES (...), (...), ...)` statement, which saves
 * most of the per-call cost of better-sqlite3 for the big tables; the SELECT can
 * fill constant or repeated columns without binding them. Rows keep their order.
 * Foreign keys are not checked during the load (see bulk.ts), so a batch may be
 * flushed after rows that reference it.
 */
export class BatchInsert {
  private readonly args: unknown[];
  private readonly many: BetterSqlite3.Statement;
  private readonly one: BetterSqlite3.Statement;
  private used = 0;

  constructor(
    sqlite: BetterSqlite3.Database,
    /** How the values are inserted, e.g. 'INSERT INTO t (a, b, c) SELECT column1, 0, column2 FROM' */
    head: string,
    /** Values per row. */
    private readonly width: number,
    private readonly size = 32,
  ) {
    const tuple = `(${new Array(width).fill('?').join(', ')})`;
    this.many = sqlite.prepare(`${head} (VALUES ${new Array(size).fill(tuple).join(', ')})`);
    this.one = sqlite.prepare(`${head} (VALUES ${tuple})`);
    this.args = new Array(width * size);
  }

  add(...values: unknown[]): void {
    const args = this.args;
    let o = this.used * this.width;
    for (let i = 0; i < this.width; i++) args[o++] = values[i];
    if (++this.used === this.size) {
      this.many.run(args);
      this.used = 0;
    }
  }

  flush(): void {
    for (let r = 0; r < this.used; r++) this.one.run(this.args.slice(r * this.width, (r + 1) * this.width));
    this.used = 0;
  }
}
