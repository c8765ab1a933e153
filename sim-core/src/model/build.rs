//! Building the runtime model from a checked scenario (cannot fail).

use super::check::Checked;
use super::{AgentGroup, Model, DEFAULT_MAX_IN_SYSTEM};

/// Assembles the model: routes into the contact types; serve orders and scheduled headcounts
/// into the agent groups.
pub(super) fn build(c: Checked) -> Model {
    let Checked {
        name,
        description,
        settings,
        mut types,
        groups,
        routes,
    } = c;
    let n_intervals = settings.n_intervals();
    for (ct, route) in types.iter_mut().zip(routes) {
        ct.route = route;
    }
    let groups = groups
        .into_iter()
        .map(|g| {
            // serve order: higher contact-type priority first, then the group's skill order
            let mut serve_order = g.skills.clone();
            serve_order.sort_by_key(|&t| -types[t].priority);
            AgentGroup {
                id: g.id,
                skills: g.skills,
                staffing: g.staffing,
                serve_order,
                handle_factor: g.handle_factor,
                overflow_delay_s: g.overflow_delay_s,
                absence: g.absence,
                cost_per_hour: g.cost_per_hour,
                scheduled_per_interval: g
                    .plans
                    .scheduled_per_interval(n_intervals, settings.interval_s),
                agents: g.plans.agents,
                activities: g.plans.activities,
            }
        })
        .collect();
    Model {
        name,
        interval_s: settings.interval_s,
        intervals_per_day: settings.geo.ipd,
        n_intervals,
        horizon_s: settings.horizon_s,
        warmup_s: settings.warmup_s,
        start_weekday: settings.geo.start_weekday,
        short_abandon_s: settings.short_abandon_s,
        agent_hour_cost: settings.agent_hour_cost,
        overtime_factor: settings.overtime_factor,
        types,
        groups,
        max_in_system: DEFAULT_MAX_IN_SYSTEM,
        description,
    }
}
