import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { columnOf, type IngestColumn, type IngestRow } from './ingest';

export interface ReadFile {
  rows: IngestRow[];
  /** Header cells that name no ingest column (ignored; printed as a warning). */
  unknownHeaders: string[];
}

/** A file the import refuses as a whole (its header, its encoding), in words naming what to fix. */
export class IngestFileError extends Error {}

/**
 * The header's columns. Two headers meaning one column (手机 and 电话 both phone: the landline
 * overwrote the mobile) or no name or phone column (a title row above the header) refuse the file.
 */
function header(cells: string[]): { columns: (IngestColumn | null)[]; unknown: string[] } {
  const columns = cells.map((c) => columnOf(c));
  const first = new Map<IngestColumn, string>();
  columns.forEach((col, i) => {
    if (col === null) return;
    const earlier = first.get(col);
    if (earlier !== undefined) throw new IngestFileError(`the headers "${earlier}" and "${cells[i]!.trim()}" both mean ${col}: keep one of them`);
    first.set(col, cells[i]!.trim());
  });
  for (const needed of ['name', 'phone'] as const) {
    if (!first.has(needed)) throw new IngestFileError(`no ${needed} column in the first row (${cells.filter((c) => c.trim()).join(', ') || 'empty'}): the first row must be the header`);
  }
  return { columns, unknown: cells.filter((c, i) => c.trim() !== '' && columns[i] === null) };
}

function values(columns: (IngestColumn | null)[], cells: string[]): Partial<Record<IngestColumn, string>> {
  const out: Partial<Record<IngestColumn, string>> = {};
  columns.forEach((col, i) => {
    const v = cells[i]?.trim();
    if (col && v) out[col] = v;
  });
  return out;
}

/** A CSV export (UTF-8, BOM allowed; first line = header). Lines are the file's own line numbers. */
export async function readCsv(path: string): Promise<ReadFile> {
  const text = decode(await readFile(path), path);
  const records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true, info: true }) as unknown as { record: string[]; info: { lines: number } }[];
  const first = records[0];
  if (!first) return { rows: [], unknownHeaders: [] };
  const { columns, unknown } = header(first.record);
  // Excel leaves lines of commas only below the data: not rows (each was refused as "name is required").
  const filled = records.slice(1).filter((r) => r.record.some((c) => c.trim() !== ''));
  return { rows: filled.map((r) => ({ line: r.info.lines, values: values(columns, r.record) })), unknownHeaders: unknown };
}

/**
 * A CSV's text: UTF-8, else GB18030 (what "CSV (逗号分隔)" saves on a Chinese Windows). Read as UTF-8
 * regardless, its Chinese became U+FFFD and overwrote the names stored.
 */
function decode(bytes: Buffer, path: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    try {
      return new TextDecoder('gb18030', { fatal: true }).decode(bytes);
    } catch {
      throw new IngestFileError(`${path} is neither UTF-8 nor GB18030 text: save it as "CSV UTF-8" and import again`);
    }
  }
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('text' in v && typeof v.text === 'string') return v.text;
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    return '';
  }
  return String(v);
}

const DATE_COLUMNS: ReadonlySet<IngestColumn> = new Set(['birth_date', 'delivery_date', 'visit_date', 'referred_on']);
/** Day 0 of Excel's serial dates (1899-12-30, the 1900 system's leap-year bug included), and of the 1904 system. */
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1904 = Date.UTC(1904, 0, 1);

/**
 * A cell as the import reads it. A date cell whose format ExcelJS does not know (the Chinese ones,
 * yyyy"年"m"月"d"日") comes as its serial number: in a date column it is the date it shows. A number
 * Excel computed (100.10 + 200.20 = 300.29999999999995) is what it shows, to the fen.
 */
function xlsxText(v: ExcelJS.CellValue, column: IngestColumn | null, date1904: boolean): string {
  const value = v !== null && typeof v === 'object' && !(v instanceof Date) && 'result' in v ? (v.result as ExcelJS.CellValue) : v;
  if (typeof value === 'number') {
    if (column !== null && DATE_COLUMNS.has(column) && value > 0 && value < 2_958_466) {
      // The day the cell shows: a date with a time (45296.75 is 18:00 on the 6th) is still that day.
      return new Date((date1904 ? EPOCH_1904 : EPOCH_1900) + Math.floor(value) * 86_400_000).toISOString().slice(0, 10);
    }
    const cents = Math.round(value * 100) / 100;
    return String(Math.abs(value - cents) < 1e-6 ? cents : value);
  }
  return cellText(value);
}

/** The first worksheet of an .xlsx; row 1 = header; lines are the sheet's row numbers. */
export async function readXlsx(path: string): Promise<ReadFile> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const sheet = wb.worksheets[0];
  if (!sheet) return { rows: [], unknownHeaders: [] };
  const cells = (row: ExcelJS.Row, columns: readonly (IngestColumn | null)[] = []): string[] => {
    const out: string[] = [];
    for (let c = 1; c <= sheet.columnCount; c += 1) out.push(xlsxText(row.getCell(c).value, columns[c - 1] ?? null, wb.properties.date1904 === true));
    return out;
  };
  const { columns, unknown } = header(cells(sheet.getRow(1)));
  const rows: IngestRow[] = [];
  for (let r = 2; r <= sheet.rowCount; r += 1) {
    const line = cells(sheet.getRow(r), columns);
    if (line.every((c) => c.trim() === '')) continue;
    rows.push({ line: r, values: values(columns, line) });
  }
  return { rows, unknownHeaders: unknown };
}

export async function readIngestFile(path: string): Promise<ReadFile> {
  const lower = path.toLowerCase();
  if (lower.endsWith('.csv')) return readCsv(path);
  if (lower.endsWith('.xlsx')) return readXlsx(path);
  throw new Error(`${path}: the file must be .csv or .xlsx`);
}
