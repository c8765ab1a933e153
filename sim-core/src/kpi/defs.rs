//! The KPI catalogue: every KPI ccsim reports, listed once. The order is the order of the report's
//! JSON keys, CSV columns and shard files; append new KPIs at the end of a set.
//! Formulas use the tallies of docs/kpis.md; `duration` is horizon − warm-up.

crate::kpi_set! {
    /// KPIs of contacts: overall, per contact type and the contact part of the overall KPIs.
    pub struct ContactKpis, CONTACT_KPIS {
        arrivals: "Arrivals", Count, Neutral, OnRequest,
            "first contacts that arrived (before self-service)";
        deflected: "Self-service resolved", Count, Neutral, WhenNonZero,
            "contacts self-service resolved";
        offered: "Offered", Count, Neutral, Headline,
            "contacts that reached the queue: first contacts after self-service, redials, repeats, transfers, callbacks";
        answered: "Answered", Count, HigherIsBetter, Headline,
            "contacts an agent started to serve";
        handled: "Handled", Count, HigherIsBetter, Headline,
            "contacts whose service and wrap-up finished";
        abandoned: "Abandoned", Count, LowerIsBetter, Headline,
            "contacts whose patience ran out while waiting";
        abandon_rate: "Abandonment", Share, LowerIsBetter, Headline,
            "abandoned / offered";
        short_abandoned: "Short abandons", Count, Neutral, OnRequest,
            "abandoned with a wait of at most short_abandon_s";
        blocked: "Blocked (busy signal)", Count, LowerIsBetter, WhenNonZero,
            "contacts refused because the voice queue was full (or the in-system guard)";
        callbacks: "Callbacks taken", Count, Neutral, WhenNonZero,
            "contacts that accepted a callback and left this queue";
        service_level: "Service level", Share, HigherIsBetter, Headline,
            "answered_in_threshold / offered (abandoned, blocked and callback contacts stay in the denominator)";
        service_level_excl_short: "SL excl. short abandons", Share, HigherIsBetter, OnRequest,
            "answered_in_threshold / (offered − short_abandoned)";
        service_level_of_answered: "SL of answered", Share, HigherIsBetter, OnRequest,
            "answered_in_threshold / answered";
        asa_s: "ASA", Seconds, LowerIsBetter, Headline,
            "wait_answered_sum / answered: average speed of answer, including contacts answered at once";
        avg_wait_s: "Average wait", Seconds, LowerIsBetter, Headline,
            "(wait_answered_sum + wait_abandoned_sum) / (answered + abandoned)";
        p90_wait_s: "Wait p90", Seconds, LowerIsBetter, Headline,
            "90th percentile of the waits of answered contacts (wait histogram)";
        p95_wait_s: "Wait p95", Seconds, LowerIsBetter, OnRequest,
            "95th percentile of the waits of answered contacts (wait histogram)";
        max_wait_s: "Longest wait", Seconds, LowerIsBetter, OnRequest,
            "longest wait of an answered contact (undefined when nothing was answered)";
        aht_s: "AHT", Seconds, Neutral, Headline,
            "handle_sum / handled: talk + wrap-up as given (after group speed and chat slowdown)";
        queue_mean: "Mean queue", Count, LowerIsBetter, OnRequest,
            "queue_area / duration: average number waiting";
        queue_max: "Longest queue", Count, LowerIsBetter, OnRequest,
            "most contacts waiting at once";
        in_system_end: "In system at end", Count, Neutral, OnRequest,
            "contacts still waiting or in service at the end of the horizon";
        retries: "Redials", Count, Neutral, WhenNonZero,
            "offered contacts that are redials";
        unique_customers: "Unique customers", Count, Neutral, OnRequest,
            "offered − retries (customers, not attempts)";
        repeats: "Repeat contacts", Count, LowerIsBetter, WhenNonZero,
            "offered contacts that are FCR repeats";
        transfers_in: "Transfers in", Count, Neutral, WhenNonZero,
            "offered contacts that are transfers in";
        ivr_ports_mean: "IVR ports in use", Count, Neutral, OnRequest,
            "ivr_area / duration: average IVR ports in use";
        ivr_ports_max: "IVR ports max", Count, Neutral, OnRequest,
            "most IVR ports in use at once";
        ivr_blocked: "IVR blocked", Count, LowerIsBetter, WhenNonZero,
            "contacts that found every IVR port busy and skipped self-service";
        in_self_service_end: "In self-service at end", Count, Neutral, OnRequest,
            "contacts still in self-service (the IVR) at the end of the horizon";
    }
}

crate::kpi_set! {
    /// KPIs of agent time: per group, and the agent part of the overall KPIs.
    pub struct GroupKpis, GROUP_KPIS {
        occupancy: "Occupancy", Share, Neutral, Headline,
            "busy_s / staffed_s: share of logged-in, available time spent on contacts";
        utilisation: "Utilisation", Share, Neutral, OnRequest,
            "busy_s / (paid_s + overtime_s): share of paid time spent on contacts";
        agents_scheduled: "Agents scheduled", Agents, Neutral, Headline,
            "paid_s / duration: average agents on shift (including breaks and absence)";
        agents_staffed: "Agents staffed", Agents, Neutral, Headline,
            "staffed_s / duration: average agents logged in and available or busy";
        shrinkage: "Shrinkage", Share, LowerIsBetter, WhenNonZero,
            "(break_s + off_phone_s + absent_s) / paid_s: share of paid time not available for contacts";
        paid_hours: "Paid hours", Hours, Neutral, OnRequest,
            "paid_s / 3600";
        overtime_hours: "Overtime hours", Hours, LowerIsBetter, WhenNonZero,
            "overtime_s / 3600: agents past their shift end finishing a contact";
        shifts: "Shifts", Count, Neutral, OnRequest,
            "agent-shifts started";
        absent_shifts: "Absent shifts", Count, LowerIsBetter, OnRequest,
            "agent-shifts of absent agents";
        breaks_late: "Late breaks", Count, LowerIsBetter, WhenNonZero,
            "breaks and off-phone blocks that started after their window";
        group_handled: "Handled by group", Count, Neutral, Headline,
            "contacts the group finished";
        cost: "Cost", Money, LowerIsBetter, WhenNonZero,
            "paid_hours × rate + overtime_hours × rate × overtime_factor (group's cost_per_hour); overall = sum over groups";
    }
}

crate::kpi_set! {
    /// KPIs per interval (all contact types together, and per type), for the contacts offered in
    /// the interval; the agent KPIs are for all groups together over the interval's span.
    pub struct IntervalKpis, INTERVAL_KPIS, from (CONTACT_KPIS, GROUP_KPIS) {
        offered,
        answered,
        handled,
        abandoned,
        abandon_rate,
        service_level,
        asa_s,
        aht_s,
        queue_mean,
        agents_scheduled,
        agents_staffed,
        occupancy,
    }
}
