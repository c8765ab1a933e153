// CSV exports of a report and of a comparison (RFC 4180 quoting, "." decimals, raw values).
import type { KpiDiff, Report, Scope } from './types';

function cell(v: unknown): string {
  if (v == null) return '';
  const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(rows: unknown[][]): string {
  return rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** One row per KPI and scope: scope (overall, type, group), id, kpi, n, mean, sd, ci_low, ci_high, p5, p95, min, max. */
export function reportKpisCsv(r: Report): string {
  const rows: unknown[][] = [['scope', 'id', 'kpi', 'n', 'mean', 'sd', 'ci95_low', 'ci95_high', 'p5', 'p95', 'min', 'max']];
  const add = (scope: Scope, id: string, kpis: Report['kpis']) => {
    for (const [k, d] of Object.entries(kpis)) {
      rows.push([scope, id, k, d.n, d.mean, d.sd, d.ci95?.[0], d.ci95?.[1], d.p5, d.p95, d.min, d.max]);
    }
  };
  add('overall', '', r.kpis);
  for (const [id, t] of Object.entries(r.by_type)) add('type', id, t.kpis);
  for (const [id, g] of Object.entries(r.by_group)) add('group', id, g.kpis);
  return toCsv(rows);
}

/** One row per interval: label, forecast Erlangs, then mean / ci low / ci high of every interval KPI (all types). */
export function reportIntervalsCsv(r: Report, typeId?: string): string {
  const first = r.by_interval[0];
  if (!first) return toCsv([['interval']]);
  const names = Object.keys(first.kpis);
  const head: unknown[] = ['interval', 'start_s', 'label', 'forecast_erlangs'];
  for (const n of names) head.push(n, `${n}_ci95_low`, `${n}_ci95_high`);
  const rows: unknown[][] = [head];
  for (const it of r.by_interval) {
    const k = typeId ? it.by_type[typeId] ?? {} : it.kpis;
    const row: unknown[] = [it.interval, it.start_s, it.label, it.forecast_erlangs];
    for (const n of names) row.push(k[n]?.mean, k[n]?.ci95?.[0], k[n]?.ci95?.[1]);
    rows.push(row);
  }
  return toCsv(rows);
}

export function compareCsv(d: KpiDiff[]): string {
  const rows: unknown[][] = [['scope', 'id', 'kpi', 'base', 'variant', 'diff', 'ci95_low', 'ci95_high', 'unpaired_half_width', 'significant']];
  for (const x of d) {
    rows.push([x.scope, x.id, x.kpi, x.base, x.variant, x.diff, x.ci95?.[0], x.ci95?.[1], x.unpaired_half_width, x.significant]);
  }
  return toCsv(rows);
}
