// Generated from sim-core's KPI catalogue (sim-core/src/kpi/defs.rs); do not edit.
// Regenerate: UPDATE_GENERATED=1 cargo test -p sim-core --test kpi_catalogue

export type Unit = 'share' | 'seconds' | 'count' | 'agents' | 'hours' | 'money';

/** Whether a KPI is in the default tables: always, when it happens (non-zero), or only in full tables. */
export type Show = 'headline' | 'when_non_zero' | 'on_request';

export interface KpiMeta {
  id: string;
  label: string;
  unit: Unit;
  /** +1 when higher is better, -1 when lower is better, 0 when neutral. */
  better: 1 | -1 | 0;
  show: Show;
  /** The formula in one line (docs/kpis.md). */
  help: string;
}

/** KPIs of contacts (report `kpis` first, and each `by_type`), in report order. */
export const CONTACT_KPIS = [
  'arrivals',
  'deflected',
  'offered',
  'answered',
  'handled',
  'abandoned',
  'abandon_rate',
  'short_abandoned',
  'blocked',
  'callbacks',
  'service_level',
  'service_level_excl_short',
  'service_level_of_answered',
  'asa_s',
  'avg_wait_s',
  'p90_wait_s',
  'p95_wait_s',
  'max_wait_s',
  'aht_s',
  'queue_mean',
  'queue_max',
  'in_system_end',
  'retries',
  'unique_customers',
  'repeats',
  'transfers_in',
  'ivr_ports_mean',
  'ivr_ports_max',
  'ivr_blocked',
  'in_self_service_end',
] as const;

/** KPIs of agent time (report `kpis` after the contact KPIs, and each `by_group`). */
export const GROUP_KPIS = [
  'occupancy',
  'utilisation',
  'agents_scheduled',
  'agents_staffed',
  'shrinkage',
  'paid_hours',
  'overtime_hours',
  'shifts',
  'absent_shifts',
  'breaks_late',
  'group_handled',
  'cost',
] as const;

/** KPIs of each interval (`by_interval[i].kpis` and its `by_type`). */
export const INTERVAL_KPIS = [
  'offered',
  'answered',
  'handled',
  'abandoned',
  'abandon_rate',
  'service_level',
  'asa_s',
  'aht_s',
  'queue_mean',
  'agents_scheduled',
  'agents_staffed',
  'occupancy',
] as const;

export type KpiId = (typeof CONTACT_KPIS)[number] | (typeof GROUP_KPIS)[number];

export const KPIS: Record<KpiId, KpiMeta> = {
  arrivals: { id: 'arrivals', label: 'Arrivals', unit: 'count', better: 0, show: 'on_request', help: 'first contacts that arrived (before self-service)' },
  deflected: { id: 'deflected', label: 'Self-service resolved', unit: 'count', better: 0, show: 'when_non_zero', help: 'contacts self-service resolved' },
  offered: { id: 'offered', label: 'Offered', unit: 'count', better: 0, show: 'headline', help: 'contacts that reached the queue: first contacts after self-service, redials, repeats, transfers, callbacks' },
  answered: { id: 'answered', label: 'Answered', unit: 'count', better: 1, show: 'headline', help: 'contacts an agent started to serve' },
  handled: { id: 'handled', label: 'Handled', unit: 'count', better: 1, show: 'headline', help: 'contacts whose service and wrap-up finished' },
  abandoned: { id: 'abandoned', label: 'Abandoned', unit: 'count', better: -1, show: 'headline', help: 'contacts whose patience ran out while waiting' },
  abandon_rate: { id: 'abandon_rate', label: 'Abandonment', unit: 'share', better: -1, show: 'headline', help: 'abandoned / offered' },
  short_abandoned: { id: 'short_abandoned', label: 'Short abandons', unit: 'count', better: 0, show: 'on_request', help: 'abandoned with a wait of at most short_abandon_s' },
  blocked: { id: 'blocked', label: 'Blocked (busy signal)', unit: 'count', better: -1, show: 'when_non_zero', help: 'contacts refused because the voice queue was full (or the in-system guard)' },
  callbacks: { id: 'callbacks', label: 'Callbacks taken', unit: 'count', better: 0, show: 'when_non_zero', help: 'contacts that accepted a callback and left this queue' },
  service_level: { id: 'service_level', label: 'Service level', unit: 'share', better: 1, show: 'headline', help: 'answered_in_threshold / offered (abandoned, blocked and callback contacts stay in the denominator)' },
  service_level_excl_short: { id: 'service_level_excl_short', label: 'SL excl. short abandons', unit: 'share', better: 1, show: 'on_request', help: 'answered_in_threshold / (offered − short_abandoned)' },
  service_level_of_answered: { id: 'service_level_of_answered', label: 'SL of answered', unit: 'share', better: 1, show: 'on_request', help: 'answered_in_threshold / answered' },
  asa_s: { id: 'asa_s', label: 'ASA', unit: 'seconds', better: -1, show: 'headline', help: 'wait_answered_sum / answered: average speed of answer, including contacts answered at once' },
  avg_wait_s: { id: 'avg_wait_s', label: 'Average wait', unit: 'seconds', better: -1, show: 'headline', help: '(wait_answered_sum + wait_abandoned_sum) / (answered + abandoned)' },
  p90_wait_s: { id: 'p90_wait_s', label: 'Wait p90', unit: 'seconds', better: -1, show: 'headline', help: '90th percentile of the waits of answered contacts (wait histogram)' },
  p95_wait_s: { id: 'p95_wait_s', label: 'Wait p95', unit: 'seconds', better: -1, show: 'on_request', help: '95th percentile of the waits of answered contacts (wait histogram)' },
  max_wait_s: { id: 'max_wait_s', label: 'Longest wait', unit: 'seconds', better: -1, show: 'on_request', help: 'longest wait of an answered contact (undefined when nothing was answered)' },
  aht_s: { id: 'aht_s', label: 'AHT', unit: 'seconds', better: 0, show: 'headline', help: 'handle_sum / handled: talk + wrap-up as given (after group speed and chat slowdown)' },
  queue_mean: { id: 'queue_mean', label: 'Mean queue', unit: 'count', better: -1, show: 'on_request', help: 'queue_area / duration: average number waiting' },
  queue_max: { id: 'queue_max', label: 'Longest queue', unit: 'count', better: -1, show: 'on_request', help: 'most contacts waiting at once' },
  in_system_end: { id: 'in_system_end', label: 'In system at end', unit: 'count', better: 0, show: 'on_request', help: 'contacts still waiting or in service at the end of the horizon' },
  retries: { id: 'retries', label: 'Redials', unit: 'count', better: 0, show: 'when_non_zero', help: 'offered contacts that are redials' },
  unique_customers: { id: 'unique_customers', label: 'Unique customers', unit: 'count', better: 0, show: 'on_request', help: 'offered − retries (customers, not attempts)' },
  repeats: { id: 'repeats', label: 'Repeat contacts', unit: 'count', better: -1, show: 'when_non_zero', help: 'offered contacts that are FCR repeats' },
  transfers_in: { id: 'transfers_in', label: 'Transfers in', unit: 'count', better: 0, show: 'when_non_zero', help: 'offered contacts that are transfers in' },
  ivr_ports_mean: { id: 'ivr_ports_mean', label: 'IVR ports in use', unit: 'count', better: 0, show: 'on_request', help: 'ivr_area / duration: average IVR ports in use' },
  ivr_ports_max: { id: 'ivr_ports_max', label: 'IVR ports max', unit: 'count', better: 0, show: 'on_request', help: 'most IVR ports in use at once' },
  ivr_blocked: { id: 'ivr_blocked', label: 'IVR blocked', unit: 'count', better: -1, show: 'when_non_zero', help: 'contacts that found every IVR port busy and skipped self-service' },
  in_self_service_end: { id: 'in_self_service_end', label: 'In self-service at end', unit: 'count', better: 0, show: 'on_request', help: 'contacts still in self-service (the IVR) at the end of the horizon' },
  occupancy: { id: 'occupancy', label: 'Occupancy', unit: 'share', better: 0, show: 'headline', help: 'busy_s / staffed_s: share of logged-in, available time spent on contacts' },
  utilisation: { id: 'utilisation', label: 'Utilisation', unit: 'share', better: 0, show: 'on_request', help: 'busy_s / (paid_s + overtime_s): share of paid time spent on contacts' },
  agents_scheduled: { id: 'agents_scheduled', label: 'Agents scheduled', unit: 'agents', better: 0, show: 'headline', help: 'paid_s / duration: average agents on shift (including breaks and absence)' },
  agents_staffed: { id: 'agents_staffed', label: 'Agents staffed', unit: 'agents', better: 0, show: 'headline', help: 'staffed_s / duration: average agents logged in and available or busy' },
  shrinkage: { id: 'shrinkage', label: 'Shrinkage', unit: 'share', better: -1, show: 'when_non_zero', help: '(break_s + off_phone_s + absent_s) / paid_s: share of paid time not available for contacts' },
  paid_hours: { id: 'paid_hours', label: 'Paid hours', unit: 'hours', better: 0, show: 'on_request', help: 'paid_s / 3600' },
  overtime_hours: { id: 'overtime_hours', label: 'Overtime hours', unit: 'hours', better: -1, show: 'when_non_zero', help: 'overtime_s / 3600: agents past their shift end finishing a contact' },
  shifts: { id: 'shifts', label: 'Shifts', unit: 'count', better: 0, show: 'on_request', help: 'agent-shifts started' },
  absent_shifts: { id: 'absent_shifts', label: 'Absent shifts', unit: 'count', better: -1, show: 'on_request', help: 'agent-shifts of absent agents' },
  breaks_late: { id: 'breaks_late', label: 'Late breaks', unit: 'count', better: -1, show: 'when_non_zero', help: 'breaks and off-phone blocks that started after their window' },
  group_handled: { id: 'group_handled', label: 'Handled by group', unit: 'count', better: 0, show: 'headline', help: 'contacts the group finished' },
  cost: { id: 'cost', label: 'Cost', unit: 'money', better: -1, show: 'when_non_zero', help: 'paid_hours × rate + overtime_hours × rate × overtime_factor (group\'s cost_per_hour); overall = sum over groups' },
};
