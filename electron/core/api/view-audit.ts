/**
 * PIPL asks who viewed whose personal data, not how often a screen re-rendered: the customer view
 * reloads after every change, so one person's repeated loads of one customer within
 * VIEW_AUDIT_WINDOW_MS count as one view (kept in memory per core; a restart starts a new view).
 */
export const VIEW_AUDIT_WINDOW_MS = 10 * 60_000;
const MAX_REMEMBERED = 5_000;

export class ViewAuditWindow {
  private readonly lastLogged = new Map<string, number>();

  /** Whether this view should be written to the audit log (and remembers it if so). */
  shouldLog(staffId: string | null, customerId: string, nowMs: number): boolean {
    const key = `${staffId ?? ''}\u0000${customerId}`;
    const last = this.lastLogged.get(key);
    if (last !== undefined && nowMs - last < VIEW_AUDIT_WINDOW_MS) return false;
    this.lastLogged.delete(key);
    this.lastLogged.set(key, nowMs);
    if (this.lastLogged.size > MAX_REMEMBERED) this.lastLogged.delete(this.lastLogged.keys().next().value!);
    return true;
  }
}
