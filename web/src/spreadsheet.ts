// Pasting a column of numbers from a spreadsheet (Excel, LibreOffice, Google Sheets): one value per
// row; a row may carry a label first ("08:00<TAB>123"), the last number in the row counts.

/** Parses one number written by a person: "1 234,5", "1,234.5", "1234", "12.5%". */
export function parseNumber(raw: string): number | null {
  let s = raw.trim().replace(/[\s\u00a0\u202f']/g, '');
  if (s === '') return null;
  let pct = false;
  if (s.endsWith('%')) {
    pct = true;
    s = s.slice(0, -1);
  }
  const hasDot = s.includes('.');
  const commas = (s.match(/,/g) ?? []).length;
  if (commas > 0 && hasDot) {
    // the last separator is the decimal one
    if (s.lastIndexOf(',') > s.lastIndexOf('.')) s = s.replace(/\./g, '').replace(',', '.');
    else s = s.replace(/,/g, '');
  } else if (commas === 1) {
    // "1,250" is a thousands separator, "1,25" or "0,5" a decimal comma
    s = /^-?\d{1,3},\d{3}$/.test(s) && !s.startsWith('0,') ? s.replace(',', '') : s.replace(',', '.');
  } else if (commas > 1) {
    s = s.replace(/,/g, '');
  }
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s)) return null;
  const v = Number(s);
  if (!Number.isFinite(v)) return null;
  return pct ? v / 100 : v;
}

export interface ParsedColumn {
  values: number[];
  /** 1-based rows that held no number. */
  skipped: number[];
}

/** Splits pasted text into rows and takes the last numeric cell of each row. */
export function parseColumn(text: string): ParsedColumn {
  const values: number[] = [];
  const skipped: number[] = [];
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  // a single line with several cells is a row of values (pasted horizontally)
  const nonEmpty = lines.filter((l) => l.trim() !== '');
  if (nonEmpty.length === 1) {
    const cells = nonEmpty[0].split(/\t|;|\s{2,}|(?<=\d)\s+(?=[-+]?\d)/);
    const nums = cells.map(parseNumber);
    if (nums.length > 1 && nums.every((x) => x != null)) return { values: nums as number[], skipped };
  }
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const cells = line.split(/\t|;/);
    for (let c = cells.length - 1; c >= 0; c--) {
      const v = parseNumber(cells[c]);
      if (v != null) {
        values.push(v);
        return;
      }
    }
    skipped.push(i + 1);
  });
  return { values, skipped };
}

/** Values formatted one per line for the paste box. */
export function formatColumn(values: readonly number[]): string {
  return values.map((v) => String(v)).join('\n');
}
