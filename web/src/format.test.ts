import { describe, expect, it } from 'vitest';
import { fmtClock, fmtDiff, fmtKpi, fmtNum, fmtPct, fmtSec, kpiLabel, kpiMeta, shownByDefault } from './format';
import { CONTACT_KPIS, GROUP_KPIS, INTERVAL_KPIS, KPIS } from './generated/kpis';

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

  it('reads labels, units, directions and default views from the generated catalogue', () => {
    expect(Object.keys(KPIS)).toEqual([...CONTACT_KPIS, ...GROUP_KPIS]);
    for (const id of INTERVAL_KPIS) expect(KPIS[id]).toBeDefined();
    expect(kpiLabel('asa_s')).toBe('ASA');
    expect(kpiLabel('not_a_kpi')).toBe('not a kpi');
    expect(kpiMeta('service_level')?.better).toBe(1);
    expect(kpiMeta('abandon_rate')?.better).toBe(-1);
    expect(kpiMeta('cost')?.unit).toBe('money');
    expect(shownByDefault('service_level', [null])).toBe(true);
    expect(shownByDefault('blocked', [0, 0])).toBe(false);
    expect(shownByDefault('blocked', [0, 3])).toBe(true);
    expect(shownByDefault('p95_wait_s', [12])).toBe(false);
  });

  it('shows the simulated clock', () => {
    expect(fmtClock(0)).toBe('Day 1 00:00:00');
    expect(fmtClock(86400 + 3600 * 8 + 65)).toBe('Day 2 08:01:05');
  });
});
