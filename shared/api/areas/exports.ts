import { z } from 'zod';
import { id, returns, verb } from '../verb';

/** Store manager, Export: the dashboard, the team table and customer lists as an Excel workbook (.xlsx) or CSV. */

export const EXPORT_PARTS = ['dashboard', 'team', 'customers'] as const;
export type ExportPart = (typeof EXPORT_PARTS)[number];
export const EXPORT_FORMATS = ['xlsx', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
/** Named customer lists; or explicit customerIds. */
export const EXPORT_CUSTOMER_LISTS = ['red', 'yellow', 'red_without_win_back', 'vip_without_advisor', 'advisor'] as const;
export type ExportCustomerList = (typeof EXPORT_CUSTOMER_LISTS)[number];

export interface ExportFile {
  fileName: string;
  mimeType: string;
  /** The file's bytes, base64. */
  base64: string;
  bytes: number;
}

export const exportsArea = {
  workbook: verb(
    'manager',
    z
      .object({
        what: z.array(z.enum(EXPORT_PARTS)).min(1).max(EXPORT_PARTS.length),
        format: z.enum(EXPORT_FORMATS).default('xlsx'),
        /** Headers and labels: Chinese (default) or English (the contract's LANGUAGES). */
        language: z.enum(['zh-CN', 'en']).default('zh-CN'),
        /** Team table period. */
        period: z.enum(['week', 'month']).default('week'),
        /** For 'customers': a named list ('advisor' needs advisorId) or explicit ids (ids win). */
        customerList: z.enum(EXPORT_CUSTOMER_LISTS).optional(),
        advisorId: id.optional(),
        customerIds: z.array(id).min(1).max(200_000).optional(),
      })
      .strict(),
    returns<ExportFile>(),
  ),
};
