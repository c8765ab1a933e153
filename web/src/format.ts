// Number formatting and KPI metadata for display. Raw values stay untouched in data- attributes.

export type Unit = 'share' | 'seconds' | 'count' | 'money' | 'agents' | 'hours';

export interface KpiMeta {
  label: string;
  unit: Unit;
  /** +1 when higher is better, -1 when lower is better, 0 when neutral. */
  better: 1 | -1 | 0;
  help?: string;
}

export const KPI_META: Record<string, KpiMeta> = {
  arrivals: { label: 'Arrivals', unit: 'count', better: 0 },
  deflected: { label: 'Self-service resolved', unit: 'count', better: 0 },
  offered: { label: 'Offered', unit: 'count', better: 0 },
  answered: { label: 'Answered', unit: 'count', better: 1 },
  handled: { label: 'Handled', unit: 'count', better: 1 },
  abandoned: { label: 'Abandoned', unit: 'count', better: -1 },
  abandon_rate: { label: 'Abandonment', unit: 'share', better: -1, help: 'abandoned / offered' },
  short_abandoned: { label: 'Short abandons', unit: 'count', better: 0 },
  blocked: { label: 'Blocked (busy signal)', unit: 'count', better: -1 },
  callbacks: { label: 'Callbacks taken', unit: 'count', better: 0 },
  service_level: { label: 'Service level', unit: 'share', better: 1, help: 'answered within threshold / offered' },
  service_level_excl_short: { label: 'SL excl. short abandons', unit: 'share', better: 1 },
  service_level_of_answered: { label: 'SL of answered', unit: 'share', better: 1 },
  asa_s: { label: 'ASA', unit: 'seconds', better: -1, help: 'average speed of answer' },
  avg_wait_s: { label: 'Average wait', unit: 'seconds', better: -1 },
  p90_wait_s: { label: 'Wait p90', unit: 'seconds', better: -1 },
  p95_wait_s: { label: 'Wait p95', unit: 'seconds', better: -1 },
  max_wait_s: { label: 'Longest wait', unit: 'seconds', better: -1 },
  aht_s: { label: 'AHT', unit: 'seconds', better: 0, help: 'talk + wrap-up' },
  queue_mean: { label: 'Mean queue', unit: 'count', better: -1 },
  queue_max: { label: 'Longest queue', unit: 'count', better: -1 },
  in_system_end: { label: 'In system at end', unit: 'count', better: 0 },
  retries: { label: 'Redials', unit: 'count', better: 0 },
  unique_customers: { label: 'Unique customers', unit: 'count', better: 0 },
  repeats: { label: 'Repeat contacts', unit: 'count', better: -1 },
  transfers_in: { label: 'Transfers in', unit: 'count', better: 0 },
  ivr_ports_mean: { label: 'IVR ports in use', unit: 'count', better: 0 },
  ivr_ports_max: { label: 'IVR ports max', unit: 'count', better: 0 },
  ivr_blocked: { label: 'IVR blocked', unit: 'count', better: -1 },
  in_self_service_end: { label: 'In self-service at end', unit: 'count', better: 0 },
  occupancy: { label: 'Occupancy', unit: 'share', better: 0, help: 'busy / staffed time' },
  utilisation: { label: 'Utilisation', unit: 'share', better: 0 },
  agents_scheduled: { label: 'Agents scheduled', unit: 'agents', better: 0 },
  agents_staffed: { label: 'Agents staffed', unit: 'agents', better: 0 },
  shrinkage: { label: 'Shrinkage', unit: 'share', better: -1 },
  paid_hours: { label: 'Paid hours', unit: 'hours', better: 0 },
  overtime_hours: { label: 'Overtime hours', unit: 'hours', better: -1 },
  shifts: { label: 'Shifts', unit: 'count', better: 0 },
  absent_shifts: { label: 'Absent shifts', unit: 'count', better: -1 },
  breaks_late: { label: 'Late breaks', unit: 'count', better: -1 },
  group_handled: { label: 'Handled by group', unit: 'count', better: 0 },
  cost: { label: 'Cost', unit: 'money', better: -1 },
};

export function kpiLabel(name: string): string {
  return KPI_META[name]?.label ?? name.replace(/_/g, ' ');
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
  return fmtUnit(v, KPI_META[name]?.unit ?? 'count');
}

/** A difference: shares in percentage points, the rest in the KPI's unit with a sign. */
export function fmtDiff(name: string, v: number | null | undefined): string {
  if (v == null || !Number.isFinite(v)) return '—';
  const unit = KPI_META[name]?.unit ?? 'count';
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
