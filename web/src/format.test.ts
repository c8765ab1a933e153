import { describe, expect, it } from 'vitest';
import { fmtClock, fmtDiff, fmtKpi, fmtNum, fmtPct, fmtSec } from './format';

describe('format', () => {
  it('formats shares, seconds and numbers for people', () => {
    expect(fmtPct(0.8123)).toBe('81.2 %');
    expect(fmtPct(null)).toBe('—');
    expect(fmtPct(Number.NaN)).toBe('—');
    expect(fmtSec(12.34)).toBe('12.3 s');
    expect(fmtSec(443)).toBe('7 min 23 s');
    expect(fmtSec(7800)).toBe('2 h 10 min');
    expect(fmtNum(1234.5)).toBe('1,235');
    expect(fmtNum(12.345)).toBe('12.3');
    expect(fmtNum(1.2345)).toBe('1.23');
  });

  it('formats KPIs by their unit and differences with a sign', () => {
    expect(fmtKpi('service_level', 0.5)).toBe('50.0 %');
    expect(fmtKpi('asa_s', 20)).toBe('20.0 s');
    expect(fmtKpi('cost', 379239.4)).toBe('379,239');
    expect(fmtDiff('service_level', 0.031)).toBe('+3.1 pp');
    expect(fmtDiff('asa_s', -4)).toBe('−4.0 s');
    expect(fmtDiff('handled', 0)).toBe('±0.00');
  });

  it('shows the simulated clock', () => {
    expect(fmtClock(0)).toBe('Day 1 00:00:00');
    expect(fmtClock(86400 + 3600 * 8 + 65)).toBe('Day 2 08:01:05');
  });
});
