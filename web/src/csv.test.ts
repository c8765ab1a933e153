import { describe, expect, it } from 'vitest';
import { compareCsv, reportIntervalsCsv, reportKpisCsv, toCsv } from './csv';
import type { Describe, Report } from './types';

const d = (mean: number): Describe => ({ n: 3, mean, sd: 1, ci95: [mean - 1, mean + 1], p5: mean, p95: mean, min: mean, max: mean });

const report: Report = {
  scenario: 'x',
  replications: 3,
  requested: 3,
  partial: false,
  seed: 1,
  events: 10,
  kpis: { service_level: d(0.8) },
  by_type: { calls: { channel: 'voice', kpis: { service_level: d(0.7) } } },
  by_group: { 'team, A': { agents: 3, kpis: { occupancy: d(0.9) } } },
  targets: [],
  by_interval: [
    { interval: 0, start_s: 0, label: 'Mon 00:00', kpis: { offered: { mean: 5, ci95: null } }, by_type: { calls: { offered: { mean: 5, ci95: [4, 6] } } }, forecast_erlangs: 1.5 },
  ],
};

describe('csv', () => {
  it('quotes per RFC 4180', () => {
    expect(toCsv([['a', 'b,c', 'say "hi"', null, Number.NaN, 1.5]])).toBe('a,"b,c","say ""hi""",,,1.5\r\n');
  });

  it('exports KPIs, intervals and comparisons', () => {
    const k = reportKpisCsv(report).split('\r\n');
    expect(k[0]).toBe('scope,id,kpi,n,mean,sd,ci95_low,ci95_high,p5,p95,min,max');
    expect(k).toContain('overall,,service_level,3,0.8,1,-0.19999999999999996,1.8,0.8,0.8,0.8,0.8');
    expect(k).toContain('type,calls,service_level,3,0.7,1,-0.30000000000000004,1.7,0.7,0.7,0.7,0.7');
    expect(k.some((l) => l.startsWith('group,"team, A",occupancy,3,0.9'))).toBe(true);
    const i = reportIntervalsCsv(report, 'calls').split('\r\n');
    expect(i[0]).toBe('interval,start_s,label,forecast_erlangs,offered,offered_ci95_low,offered_ci95_high');
    expect(i[1]).toBe('0,0,Mon 00:00,1.5,5,4,6');
    const c = compareCsv([
      { scope: 'overall', id: '', kpi: 'service_level', base: 0.8, variant: 0.85, diff: 0.05, ci95: [0.04, 0.06], unpaired_half_width: 0.02, significant: true },
      { scope: 'group', id: 'fraud', kpi: 'occupancy', base: 0.8, variant: 0.7, diff: -0.1, ci95: [-0.12, -0.08], unpaired_half_width: 0.03, significant: true },
    ]);
    expect(c.split('\r\n')[0]).toBe('scope,id,kpi,base,variant,diff,ci95_low,ci95_high,unpaired_half_width,significant');
    expect(c.split('\r\n')[1]).toBe('overall,,service_level,0.8,0.85,0.05,0.04,0.06,0.02,true');
    expect(c.split('\r\n')[2]).toBe('group,fraud,occupancy,0.8,0.7,-0.1,-0.12,-0.08,0.03,true');
  });
});
