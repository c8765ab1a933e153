// Number formatting and KPI metadata for display (the metadata is sim-core's catalogue, generated
// into ./generated/kpis.ts). Raw values stay untouched in data- attributes.
import { KPIS, type KpiMeta, type Unit } from './generated/kpis';

export type { KpiId, KpiMeta, Show, Unit } from './generated/kpis';

/** The catalogue entry of a KPI id (from sim-core's catalogue), or undefined for an unknown id. */
export function kpiMeta(name: string): KpiMeta | undefined {
  return (KPIS as Record<string, KpiMeta | undefined>)[name];
}

export function kpiLabel(name: string): string {
  return kpiMeta(name)?.label ?? name.replace(/_/g, ' ');
}

/** Whether a KPI belongs in a default (short) view: headline KPIs always, the others that
 * happen (a value other than 0) when they do; everything else only on request. */
export function shownByDefault(name: string, values: (number | null | undefined)[]): boolean {
  const show = kpiMeta(name)?.show;
  if (show === 'headline') return true;
  return show === 'when_non_zero' && values.some((v) => v != null && v !== 0);
}

const nf = (digits: number) =>
  new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const nf0 = nf(0);
const nf1 = nf(1);
const nf2 = nf(2);

/** 0.8123 → "81.2 %" */
export function fmtPct(v: number | null | undefined, digits = 1): string {
  if (v == null || !Number.isFinite(v)) return '—';
  return `${nf(digits).format(v * 100)} %`;
}

/** Seconds: "12.3 s", "4 min 05 s", "2 h 10 min". */
export function fmtSec(v: number | null | undefined): string {
  if (v == null || !Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  if (a < 100) return `${nf1.format(v)} s`;
  if (a < 3600) {
    const m = Math.floor(a / 60);
    const s = Math.round(a - m * 60);
    return `${v < 0 ? '−' : ''}${m} min ${String(s).padStart(2, '0')} s`;
  }
  const h = Math.floor(a / 3600);
  const m = Math.round((a - h * 3600) / 60);
  return `${v < 0 ? '−' : ''}${h} h ${String(m).padStart(2, '0')} min`;
}

/** Plain number with sensible precision. */
export function fmtNum(v: number | null | undefined): string {
  if (v == null || !Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  if (a >= 100) return nf0.format(v);
  if (a >= 10) return nf1.format(v);
  return nf2.format(v);
}

/** Whole numbers: "1,234". */
export function fmtInt(v: number | null | undefined): string {
  if (v == null || !Number.isFinite(v)) return '—';
  return nf0.format(Math.round(v));
}

export function fmtMoney(v: number | null | undefined): string {
  if (v == null || !Number.isFinite(v)) return '—';
  return nf0.format(v);
}

export function fmtUnit(v: number | null | undefined, unit: Unit): string {
  switch (unit) {
    case 'share':
      return fmtPct(v);
    case 'seconds':
      return fmtSec(v);
    case 'money':
      return fmtMoney(v);
    default:
      return fmtNum(v);
  }
}

export function fmtKpi(name: string, v: number | null | undefined): string {
  return fmtUnit(v, kpiMeta(name)?.unit ?? 'count');
}

/** A difference: shares in percentage points, the rest in the KPI's unit with a sign. */
export function fmtDiff(name: string, v: number | null | undefined): string {
  if (v == null || !Number.isFinite(v)) return '—';
  const unit = kpiMeta(name)?.unit ?? 'count';
  const sign = v > 0 ? '+' : v < 0 ? '−' : '±';
  const a = Math.abs(v);
  if (unit === 'share') return `${sign}${nf1.format(a * 100)} pp`;
  if (unit === 'seconds') return `${sign}${fmtSec(a)}`;
  if (unit === 'money') return `${sign}${fmtMoney(a)}`;
  return `${sign}${fmtNum(a)}`;
}

export function fmtCi(name: string, ci: [number, number] | null | undefined): string {
  if (!ci) return '';
  return `${fmtKpi(name, ci[0])} – ${fmtKpi(name, ci[1])}`;
}

/** Simulated seconds → "Day 1 08:05:09". */
export function fmtClock(t: number): string {
  const day = Math.floor(t / 86400);
  const s = Math.floor(t - day * 86400);
  const hh = String(Math.floor(s / 3600)).padStart(2, '0');
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return `Day ${day + 1} ${hh}:${mm}:${ss}`;
}

/** Milliseconds → "2.4 s" / "1 min 12 s". */
export function fmtDuration(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const m = Math.floor(ms / 60_000);
  return `${m} min ${Math.round((ms - m * 60_000) / 1000)} s`;
}
