//! `ccsim validate`: every problem with its field path, or a summary of the compiled model.

use crate::cli::{OutFormat, ValidateArgs};
use crate::error::{CliError, Result, EXIT_OK};
use crate::output::{self, fmt_short, Align, Table};
use crate::source;
use serde_json::json;
use sim_core::model::{AgentGroup, Staffing};
use sim_core::report::time_label;
use sim_core::Model;

pub fn validate(a: ValidateArgs) -> Result<i32> {
    let result = source::load(Some(&a.scenario)).and_then(|src| {
        let wi = source::whatif(&a.whatif)?;
        source::check_whatif_groups(&wi, &src.scenario)?;
        let s = source::prepare(&src, &a.model, Some(&a.whatif))?;
        let m = source::compile(&src.label, &s, source::limits(&a.model)?)?;
        Ok((src.label, m))
    });
    match result {
        Err(e) => {
            if a.format == OutFormat::Json {
                // the problems as data on stdout, and as text on stderr (exit code 2 either way)
                let errors = match &e {
                    CliError::Scenario { errors, .. } => json!(errors),
                    other => json!([{"path": "", "message": other.to_string()}]),
                };
                output::print_stdout(&output::to_json(
                    &json!({"valid": false, "errors": errors}),
                )?)?;
            }
            eprintln!("ccsim: error: {e}");
            Ok(e.exit_code())
        }
        Ok((label, m)) => {
            let text = match a.format {
                OutFormat::Table => summary_text(&label, &m),
                OutFormat::Json => output::to_json(&summary_json(&label, &m))?,
                OutFormat::Csv => intervals_csv(&m)?,
            };
            output::print_stdout(&text)?;
            Ok(EXIT_OK)
        }
    }
}

fn patience(m: Option<f64>) -> String {
    m.map_or("never abandons".into(), |p| format!("{} s", fmt_short(p)))
}

fn staffing_kind(g: &AgentGroup) -> String {
    match g.staffing {
        Staffing::Constant(c) => format!("constant {c}"),
        Staffing::PerInterval => "per interval".into(),
        Staffing::ShiftLines(n) => format!("{n} shift lines"),
    }
}

/// The group's skills as contact type ids, in the group's order.
fn skill_ids<'a>(m: &'a Model, g: &AgentGroup) -> Vec<&'a str> {
    g.skills.iter().map(|&t| m.types[t].id.as_str()).collect()
}

fn volume_per_day(m: &Model, t: usize) -> f64 {
    let days = (m.n_intervals / m.intervals_per_day.max(1)).max(1) as f64;
    m.types[t].rate_per_s.iter().sum::<f64>() * m.interval_s / days
}

pub fn summary_text(label: &str, m: &Model) -> String {
    let days = m.n_intervals / m.intervals_per_day.max(1);
    let mut s = format!("{label}: OK, \"{}\"\n", m.name);
    s.push_str(&format!(
        "Horizon: {days} day{} starting {}, {} intervals of {} min, warm-up {} min\n",
        if days == 1 { "" } else { "s" },
        time_label(m, 0.0).split(' ').next().unwrap_or(""),
        m.n_intervals,
        fmt_short(m.interval_s / 60.0),
        fmt_short(m.warmup_s / 60.0)
    ));
    s.push_str(&format!(
        "Agents: {} in {} group{}\n",
        m.agent_count(),
        m.groups.len(),
        if m.groups.len() == 1 { "" } else { "s" }
    ));
    let mut t = Table::new(
        &[
            "contact type",
            "channel",
            "contacts/day",
            "mean handle",
            "mean wrap-up",
            "patience",
            "service level target",
            "max abandon",
            "served by",
        ],
        &[
            Align::Left,
            Align::Left,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Left,
        ],
    );
    for (i, ct) in m.types.iter().enumerate() {
        t.row(vec![
            ct.id.clone(),
            ct.channel.name().into(),
            format!("{:.1}", volume_per_day(m, i)),
            format!("{} s", fmt_short(ct.mean_handle_s)),
            format!("{} s", fmt_short(ct.mean_wrap_s)),
            patience(ct.mean_patience_s),
            ct.sl_target.map_or("-".into(), |x| {
                format!("{:.0} % in {} s", x * 100.0, fmt_short(ct.sl_threshold_s))
            }),
            ct.max_abandon_rate
                .map_or("-".into(), |x| format!("{:.1} %", x * 100.0)),
            ct.route
                .iter()
                .map(|&g| m.groups[g].id.clone())
                .collect::<Vec<_>>()
                .join(" > "),
        ]);
    }
    s.push_str("\nContact types\n");
    s.push_str(&t.render("  "));
    let mut g = Table::new(
        &[
            "agent group",
            "skills (in order)",
            "agents",
            "staffing",
            "absence",
        ],
        &[
            Align::Left,
            Align::Left,
            Align::Right,
            Align::Left,
            Align::Right,
        ],
    );
    for grp in &m.groups {
        g.row(vec![
            grp.id.clone(),
            skill_ids(m, grp).join(", "),
            grp.agents.len().to_string(),
            staffing_kind(grp),
            format!("{:.1} %", grp.absence * 100.0),
        ]);
    }
    s.push_str("\nAgent groups\n");
    s.push_str(&g.render("  "));
    let mut header: Vec<String> = vec!["interval".into(), "offered load (Erlangs)".into()];
    header.extend(m.groups.iter().map(|g| format!("{} scheduled", g.id)));
    let hdr: Vec<&str> = header.iter().map(|x| x.as_str()).collect();
    let mut align = vec![Align::Left];
    align.extend(std::iter::repeat_n(Align::Right, hdr.len() - 1));
    let mut iv = Table::new(&hdr, &align);
    let load = m.offered_erlangs_per_interval();
    for i in 0..m.n_intervals {
        let mut row = vec![
            time_label(m, i as f64 * m.interval_s),
            format!("{:.2}", load[i]),
        ];
        row.extend(m.groups.iter().map(|g| {
            format!(
                "{:.1}",
                g.scheduled_per_interval.get(i).copied().unwrap_or(0.0)
            )
        }));
        iv.row(row);
    }
    s.push_str("\nPer interval (offered load from the forecast; agents on shift before absence and breaks)\n");
    s.push_str(&iv.render("  "));
    s
}

pub fn summary_json(label: &str, m: &Model) -> serde_json::Value {
    let load = m.offered_erlangs_per_interval();
    json!({
        "valid": true,
        "source": label,
        "scenario": m.name,
        "days": m.n_intervals / m.intervals_per_day.max(1),
        "interval_minutes": m.interval_s / 60.0,
        "intervals": m.n_intervals,
        "warmup_minutes": m.warmup_s / 60.0,
        "agents": m.agent_count(),
        "types": m.types.iter().enumerate().map(|(i, t)| json!({
            "id": t.id,
            "channel": t.channel.name(),
            "contacts_per_day": volume_per_day(m, i),
            "mean_handle_s": t.mean_handle_s,
            "mean_wrap_s": t.mean_wrap_s,
            "mean_patience_s": t.mean_patience_s,
            "service_level_threshold_s": t.sl_threshold_s,
            "service_level_target": t.sl_target,
            "max_abandon_rate": t.max_abandon_rate,
            "routed_to": t.route.iter().map(|&g| m.groups[g].id.clone()).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "groups": m.groups.iter().map(|g| json!({
            "id": g.id,
            "skills": skill_ids(m, g),
            "agents": g.agents.len(),
            "staffing": staffing_kind(g),
            "absence": g.absence,
        })).collect::<Vec<_>>(),
        "by_interval": (0..m.n_intervals).map(|i| json!({
            "interval": i,
            "label": time_label(m, i as f64 * m.interval_s),
            "offered_erlangs": load[i],
            "agents_scheduled": m.groups.iter().map(|g| (g.id.clone(), json!(g.scheduled_per_interval.get(i).copied().unwrap_or(0.0)))).collect::<serde_json::Map<_, _>>(),
        })).collect::<Vec<_>>(),
    })
}

fn intervals_csv(m: &Model) -> Result<String> {
    let mut header = vec![
        "interval".to_string(),
        "label".into(),
        "offered_erlangs".into(),
    ];
    header.extend(
        m.groups
            .iter()
            .map(|g| format!("{}.agents_scheduled", g.id)),
    );
    let load = m.offered_erlangs_per_interval();
    let rows: Vec<Vec<String>> = (0..m.n_intervals)
        .map(|i| {
            let mut r = vec![
                i.to_string(),
                time_label(m, i as f64 * m.interval_s),
                format!("{}", load[i]),
            ];
            r.extend(m.groups.iter().map(|g| {
                format!(
                    "{}",
                    g.scheduled_per_interval.get(i).copied().unwrap_or(0.0)
                )
            }));
            r
        })
        .collect();
    output::to_csv(&header, &rows)
}
