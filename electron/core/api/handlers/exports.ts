import type { ExportFile } from '../../../../shared/api/areas/exports';
import { customersSheet, dashboardSheet, teamSheet, tiersSheet, type ExportCustomer } from '../../export/sheets';
import { labelsFor, type Labels } from '../../export/labels';
import type { Sheet } from '../../export/table';
import { toCsv, toXlsx } from '../../export/write';
import { exportCustomersByFlag, exportCustomersByIds } from '../../repos/export-customers';
import { audit } from '../../repos/audit';
import { redWithoutWinBack } from '../../repos/radar';
import { getStaff } from '../../repos/staff';
import { advisorCustomerRows, vipWithoutAdvisor } from '../../repos/team';
import { freshStatus } from '../../status/refresh';
import { DeskFailure } from '../failure';
import { storeToday } from '../mutate';
import type { ParsedArgsOf } from '../../../../shared/api/contract';
import type { CallContext, HandlerArea } from '../types';
import { dashboard, dashboardMetrics } from './dashboard';
import { teamOverview } from './team';

type Args = ParsedArgsOf<'exports', 'workbook'>;

const MIME = { xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', csv: 'text/csv; charset=utf-8' } as const;

/** The chosen customer list: explicit ids win, else a named list. */
async function customerList(call: CallContext, args: Args, l: Labels, today: string): Promise<{ title: string; rows: ExportCustomer[] }> {
  const sqlite = call.core.database.sqlite;
  if (args.customerIds) {
    await freshStatus(sqlite, today, null);
    return { title: l.lists.ids, rows: exportCustomersByIds(sqlite, [...new Set(args.customerIds)]) };
  }
  const list = args.customerList;
  if (!list) throw new DeskFailure('validation', 'Choose a customer list or customers', { field: 'customerList' });
  if (list === 'advisor') {
    if (!args.advisorId) throw new DeskFailure('validation', "Choose the advisor whose customers to export", { field: 'advisorId' });
    const advisor = await getStaff(call.core.database.db, args.advisorId);
    if (!advisor) throw new DeskFailure('not_found', `Staff ${args.advisorId} does not exist`, { field: 'advisorId', entity: 'staff' });
    await freshStatus(sqlite, today, advisor.id);
    const rows = advisorCustomerRows(sqlite, advisor.id, 'all', { today, recentAt: today, toDay: (at) => at.slice(0, 10) });
    return { title: `${l.lists.advisor}：${advisor.name}`, rows: rows.map((r) => ({ ...r, advisorName: advisor.name })) };
  }
  await freshStatus(sqlite, today, null);
  if (list === 'vip_without_advisor') {
    // Their flag and reasons as every list shows them (they were all written green); the advisor named is one who left.
    const vips = vipWithoutAdvisor(sqlite);
    const rows = exportCustomersByIds(sqlite, vips.map((v) => v.id));
    return { title: l.lists.vip_without_advisor, rows: rows.map((r, i) => ({ ...r, advisorName: vips[i]!.formerAdvisorName === null ? null : l.formerAdvisor(vips[i]!.formerAdvisorName!) })) };
  }
  if (list === 'red_without_win_back') return { title: l.lists.red_without_win_back, rows: redWithoutWinBack(sqlite, null) };
  return { title: l.lists[list], rows: exportCustomersByFlag(sqlite, list) };
}

/** The sheets of an export, from the same functions the screens call. */
export async function exportSheets(call: CallContext, args: Args): Promise<Sheet[]> {
  const l = labelsFor(args.language);
  const today = await storeToday(call);
  const sheets: Sheet[] = [];
  for (const part of new Set(args.what)) {
    if (part === 'dashboard') {
      sheets.push(dashboardSheet(await dashboardMetrics(call), l));
      sheets.push(tiersSheet(await dashboard.tiers({}, call), l));
    } else if (part === 'team') {
      sheets.push(teamSheet(await teamOverview(call, args.period), l));
    } else {
      const list = await customerList(call, args, l, today);
      sheets.push(customersSheet(list.title, list.rows, l));
    }
  }
  return sheets;
}

export const exportFiles: HandlerArea<'exports'> = {
  workbook: async (args, call): Promise<ExportFile> => {
    const sheets = await exportSheets(call, args);
    const bytes = args.format === 'xlsx' ? await toXlsx(sheets) : toCsv(sheets);
    const today = await storeToday(call);
    const fileName = `${labelsFor(args.language).fileName}-${today}.${args.format}`;
    // Customers' data leaving the app: who took which lists, and how many rows each (PIPL: who viewed what).
    const rows = Object.fromEntries(sheets.map((s) => [s.name, s.rows.length]));
    await audit(call.core.database.db, { staffId: call.session.staff?.id ?? null, action: 'export', entity: 'export', entityId: fileName, detail: { what: args.what, customerList: args.customerList ?? null, advisorId: args.advisorId ?? null, format: args.format, rows } }, call.core.clock.now().toISOString());
    return { fileName, mimeType: MIME[args.format], base64: bytes.toString('base64'), bytes: bytes.length };
  },
};
