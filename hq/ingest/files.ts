import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { columnOf, type IngestColumn, type IngestRow } from './ingest';

export interface ReadFile {
  rows: IngestRow[];
  /** Header cells that name no ingest column (ignored; printed as a warning). */
  unknownHeaders: string[];
}

function header(cells: string[]): { columns: (IngestColumn | null)[]; unknown: string[] } {
  const columns = cells.map((c) => columnOf(c));
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
  const text = await readFile(path, 'utf8');
  const records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true, info: true }) as unknown as { record: string[]; info: { lines: number } }[];
  const first = records[0];
  if (!first) return { rows: [], unknownHeaders: [] };
  const { columns, unknown } = header(first.record);
  return { rows: records.slice(1).map((r) => ({ line: r.info.lines, values: values(columns, r.record) })), unknownHeaders: unknown };
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

/** The first worksheet of an .xlsx; row 1 = header; lines are the sheet's row numbers. */
export async function readXlsx(path: string): Promise<ReadFile> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const sheet = wb.worksheets[0];
  if (!sheet) return { rows: [], unknownHeaders: [] };
  const cells = (row: ExcelJS.Row): string[] => {
    const out: string[] = [];
    for (let c = 1; c <= sheet.columnCount; c += 1) out.push(cellText(row.getCell(c).value));
    return out;
  };
  const { columns, unknown } = header(cells(sheet.getRow(1)));
  const rows: IngestRow[] = [];
  for (let r = 2; r <= sheet.rowCount; r += 1) {
    const line = cells(sheet.getRow(r));
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
