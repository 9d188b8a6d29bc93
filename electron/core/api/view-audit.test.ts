import { describe, expect, it } from 'vitest';
import { VIEW_AUDIT_WINDOW_MS, ViewAuditWindow } from './view-audit';

describe('ViewAuditWindow', () => {
  it('logs the first view, not the reloads within the window, and again after it', () => {
    const w = new ViewAuditWindow();
    expect(w.shouldLog('adv-1', 'c-1', 0)).toBe(true);
    expect(w.shouldLog('adv-1', 'c-1', 1_000)).toBe(false);
    expect(w.shouldLog('adv-1', 'c-1', VIEW_AUDIT_WINDOW_MS - 1)).toBe(false);
    expect(w.shouldLog('adv-1', 'c-1', VIEW_AUDIT_WINDOW_MS)).toBe(true);
  });

  it('keeps people and customers apart', () => {
    const w = new ViewAuditWindow();
    expect(w.shouldLog('adv-1', 'c-1', 0)).toBe(true);
    expect(w.shouldLog('adv-2', 'c-1', 0)).toBe(true);
    expect(w.shouldLog('adv-1', 'c-2', 0)).toBe(true);
    expect(w.shouldLog(null, 'c-1', 0)).toBe(true);
  });
});
