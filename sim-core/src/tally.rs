//! Raw per-replication counters the engine fills in: by contact type, by interval of arrival and
//! by agent group. [`crate::kpi`] turns them into the KPIs planners read.

/// Counts and sums for contacts of one type (overall, or in one interval of arrival).
/// All fields are plain sums so tallies add up across intervals.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ContactTally {
    /// Arrivals before self-service.
    pub arrivals: f64,
    /// Resolved in self-service (never offered to agents).
    pub deflected: f64,
    /// Reached the queue (the denominator of service level and abandonment).
    pub offered: f64,
    /// Answered by an agent (service started).
    pub answered: f64,
    /// Service (and wrap-up) finished.
    pub handled: f64,
    pub abandoned: f64,
    /// Abandoned within `short_abandon_s`.
    pub short_abandoned: f64,
    /// Busy signal: queue at capacity.
    pub blocked: f64,
    /// Took a callback instead of waiting.
    pub callbacks: f64,
    /// Answered within the type's service-level threshold.
    pub answered_in_threshold: f64,
    pub wait_answered_sum: f64,
    pub wait_abandoned_sum: f64,
    pub max_wait: f64,
    /// Talk + wrap-up time of handled contacts (seconds).
    pub handle_sum: f64,
    /// Offered attempts that are redials after abandoning.
    pub retries: f64,
    /// Offered contacts that are repeats (FCR failures).
    pub repeats: f64,
    /// Offered contacts transferred in from another type.
    pub transfers_in: f64,
    /// Waiting or in service at the end of the horizon.
    pub in_system_end: f64,
    /// Still in self-service (the IVR) at the end of the horizon: arrived, never offered.
    pub in_self_service_end: f64,
    /// Time integral of the number waiting (contact-seconds).
    pub queue_area: f64,
    pub queue_max: f64,
    /// Self-service: time integral of ports in use, and arrivals that found every port busy.
    pub ivr_area: f64,
    pub ivr_max: f64,
    pub ivr_blocked: f64,
}

impl ContactTally {
    pub fn add(&mut self, o: &ContactTally) {
        self.arrivals += o.arrivals;
        self.deflected += o.deflected;
        self.offered += o.offered;
        self.answered += o.answered;
        self.handled += o.handled;
        self.abandoned += o.abandoned;
        self.short_abandoned += o.short_abandoned;
        self.blocked += o.blocked;
        self.callbacks += o.callbacks;
        self.answered_in_threshold += o.answered_in_threshold;
        self.wait_answered_sum += o.wait_answered_sum;
        self.wait_abandoned_sum += o.wait_abandoned_sum;
        self.max_wait = self.max_wait.max(o.max_wait);
        self.handle_sum += o.handle_sum;
        self.retries += o.retries;
        self.repeats += o.repeats;
        self.transfers_in += o.transfers_in;
        self.in_system_end += o.in_system_end;
        self.in_self_service_end += o.in_self_service_end;
        self.queue_area += o.queue_area;
        self.queue_max = self.queue_max.max(o.queue_max);
        self.ivr_area += o.ivr_area;
        self.ivr_max = self.ivr_max.max(o.ivr_max);
        self.ivr_blocked += o.ivr_blocked;
    }
}

/// Agent time of one group (overall, or in one interval), in agent-seconds.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct GroupTally {
    /// Logged in and not on break / off-phone (available + busy).
    pub staffed_s: f64,
    /// Busy with contacts (a chat agent with k of c chats counts k/c).
    pub busy_s: f64,
    /// On shift as scheduled (including breaks, off-phone and absence).
    pub paid_s: f64,
    pub break_s: f64,
    pub off_phone_s: f64,
    pub absent_s: f64,
    /// Worked past shift end to finish a contact.
    pub overtime_s: f64,
    pub handled: f64,
    pub shifts: f64,
    pub absent_shifts: f64,
    pub breaks_late: f64,
}

impl GroupTally {
    pub fn add(&mut self, o: &GroupTally) {
        self.staffed_s += o.staffed_s;
        self.busy_s += o.busy_s;
        self.paid_s += o.paid_s;
        self.break_s += o.break_s;
        self.off_phone_s += o.off_phone_s;
        self.absent_s += o.absent_s;
        self.overtime_s += o.overtime_s;
        self.handled += o.handled;
        self.shifts += o.shifts;
        self.absent_shifts += o.absent_shifts;
        self.breaks_late += o.breaks_late;
    }
}

/// Histogram of waits of answered contacts: 1 s bins to 10 min, 10 s bins to 2 h, 5 min bins to
/// 24 h, then one overflow bin. Percentiles interpolate inside a bin.
#[derive(Debug, Clone, PartialEq)]
pub struct WaitHistogram {
    pub counts: Vec<u32>,
}

const B1: usize = 600;
const B2: usize = 660; // (7200-600)/10
const B3: usize = 264; // (86400-7200)/300

impl Default for WaitHistogram {
    fn default() -> Self {
        WaitHistogram {
            counts: vec![0; B1 + B2 + B3 + 1],
        }
    }
}

impl WaitHistogram {
    #[inline]
    fn bin(w: f64) -> usize {
        if w < 600.0 {
            // through i32: a cheaper conversion than f64 → usize, the same value in this range
            w.max(0.0) as i32 as usize
        } else if w < 7200.0 {
            B1 + ((w - 600.0) / 10.0) as usize
        } else if w < 86_400.0 {
            B1 + B2 + ((w - 7200.0) / 300.0) as usize
        } else {
            B1 + B2 + B3
        }
    }

    fn bounds(b: usize) -> (f64, f64) {
        if b < B1 {
            (b as f64, b as f64 + 1.0)
        } else if b < B1 + B2 {
            let lo = 600.0 + (b - B1) as f64 * 10.0;
            (lo, lo + 10.0)
        } else if b < B1 + B2 + B3 {
            let lo = 7200.0 + (b - B1 - B2) as f64 * 300.0;
            (lo, lo + 300.0)
        } else {
            (86_400.0, 86_400.0)
        }
    }

    #[inline]
    pub fn record(&mut self, w: f64) {
        self.counts[Self::bin(w)] += 1;
    }

    pub fn add(&mut self, o: &WaitHistogram) {
        for (a, b) in self.counts.iter_mut().zip(&o.counts) {
            *a += b;
        }
    }

    /// The q-quantile (0 < q < 1) of recorded waits, NaN when empty.
    pub fn quantile(&self, q: f64) -> f64 {
        let total: u64 = self.counts.iter().map(|&c| c as u64).sum();
        if total == 0 {
            return f64::NAN;
        }
        let target = q * total as f64;
        let mut cum = 0.0;
        for (b, &c) in self.counts.iter().enumerate() {
            if c == 0 {
                continue;
            }
            let next = cum + c as f64;
            if next >= target {
                let (lo, hi) = Self::bounds(b);
                return lo + (hi - lo) * ((target - cum) / c as f64).clamp(0.0, 1.0);
            }
            cum = next;
        }
        86_400.0
    }
}

/// Everything one replication measured.
#[derive(Debug, Clone, PartialEq)]
pub struct ReplicationTally {
    pub replication: u32,
    /// Per contact type.
    pub by_type: Vec<ContactTally>,
    /// Per interval × contact type, row-major (`interval * n_types + type`).
    pub by_interval_type: Vec<ContactTally>,
    pub by_group: Vec<GroupTally>,
    /// Per interval × group.
    pub by_interval_group: Vec<GroupTally>,
    pub wait_hist: Vec<WaitHistogram>,
    /// Events processed (for throughput figures).
    pub events: u64,
    /// Day-level volume multipliers drawn (per type × day), 1 without `volume_cv`.
    pub volume_factors: Vec<f64>,
    /// Time at which the center exceeded `Model::max_in_system` contacts (arrivals refused after).
    pub overloaded_at: Option<f64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_quantiles() {
        let mut h = WaitHistogram::default();
        for i in 0..1000 {
            h.record(i as f64 * 0.1 + 0.05);
        }
        assert!((h.quantile(0.5) - 50.0).abs() < 1.0);
        assert!((h.quantile(0.9) - 90.0).abs() < 1.0);
        h.record(5000.0);
        h.record(1e9);
        assert!(h.quantile(0.9999) >= 5000.0);
        assert!(WaitHistogram::default().quantile(0.5).is_nan());
    }
}
