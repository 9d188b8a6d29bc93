/** A sheet as plain data: written as an xlsx worksheet or a CSV section by the same rows. */
export type CellFormat = 'percent' | 'cny' | 'decimal' | 'integer' | 'points';

export interface NumberCell {
  value: number | null;
  format: CellFormat;
}

export type Cell = string | number | null | NumberCell;

export interface Sheet {
  name: string;
  /** A line above the header (what and as of when). */
  title: string;
  headers: string[];
  rows: Cell[][];
  /** Column widths in characters (optional). */
  widths?: number[];
}

export const num = (value: number | null, format: CellFormat): NumberCell => ({ value, format });

export const isNumberCell = (c: Cell): c is NumberCell => typeof c === 'object' && c !== null;
