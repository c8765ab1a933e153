import { describe, expect, it } from 'vitest';
import { formatColumn, parseColumn, parseNumber } from './spreadsheet';

describe('parseNumber', () => {
  it('reads numbers as spreadsheets write them', () => {
    expect(parseNumber('123')).toBe(123);
    expect(parseNumber(' 12.5 ')).toBe(12.5);
    expect(parseNumber('1,250')).toBe(1250);
    expect(parseNumber('1,25')).toBe(1.25);
    expect(parseNumber('0,5')).toBe(0.5);
    expect(parseNumber('1 234,5')).toBe(1234.5);
    expect(parseNumber('1.234,5')).toBe(1234.5);
    expect(parseNumber('1,234.5')).toBe(1234.5);
    expect(parseNumber('12%')).toBe(0.12);
    expect(parseNumber('-3')).toBe(-3);
    expect(parseNumber('abc')).toBeNull();
    expect(parseNumber('')).toBeNull();
  });
});

describe('parseColumn', () => {
  it('takes the last number of each row and reports rows without one', () => {
    const text = 'Interval\tCalls\n08:00\t12\n08:30\t15,5\r\n09:00\t20\n\ntotal\tn/a\n';
    const p = parseColumn(text);
    expect(p.values).toEqual([12, 15.5, 20]);
    expect(p.skipped).toEqual([1, 6]);
  });

  it('accepts a pasted row of values', () => {
    expect(parseColumn('1\t2\t3\t4').values).toEqual([1, 2, 3, 4]);
    expect(parseColumn('1 2 3').values).toEqual([1, 2, 3]);
  });

  it('round-trips through formatColumn', () => {
    const v = [0.73, 0.59, 12, 3.5];
    expect(parseColumn(formatColumn(v)).values).toEqual(v);
  });
});
