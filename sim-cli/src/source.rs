//! Where scenarios come from (a file or a bundled name), `--set PATH=VALUE` edits, what-if flags,
//! and compiling to a model with the `--max-*` limits. Errors are invalid input (exit code 2) and
//! name the file and the field path.

use crate::cli::{ModelArgs, WhatIfArgs};
use crate::error::{CliError, Result};
use serde_json::Value;
use sim_core::whatif::WhatIf;
use sim_core::{Format, Limits, Model, Scenario, ScenarioErrors};

/// Scenarios compiled into the binary, by name.
pub const BUNDLED: &[(&str, &str)] = &[
    (
        "customer-care-24x7",
        include_str!("../../scenarios/customer-care-24x7.toml"),
    ),
    (
        "customer-care-mentors",
        include_str!("../../scenarios/customer-care-mentors.toml"),
    ),
    (
        "multi-skill-bank",
        include_str!("../../scenarios/multi-skill-bank.toml"),
    ),
    (
        "volume-spike",
        include_str!("../../scenarios/volume-spike.toml"),
    ),
    (
        "trainer-single-queue",
        include_str!("../../scenarios/trainer-single-queue.toml"),
    ),
];

/// The scenario `ccsim run` uses without an argument.
pub const DEFAULT_SCENARIO: &str = "customer-care-24x7";

/// A parsed (not yet compiled) scenario and where it came from.
#[derive(Debug, Clone)]
pub struct Source {
    /// The file path or "bundled:NAME", for messages.
    pub label: String,
    pub scenario: Scenario,
}

/// Text of a bundled scenario by name (with or without `.toml`).
pub fn bundled(name: &str) -> Option<&'static str> {
    let n = name.strip_suffix(".toml").unwrap_or(name);
    BUNDLED.iter().find(|(k, _)| *k == n).map(|(_, t)| *t)
}

fn bundled_names() -> String {
    BUNDLED
        .iter()
        .map(|(k, _)| *k)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reads and parses a scenario given as a path or a bundled name.
pub fn load(arg: Option<&str>) -> Result<Source> {
    let arg = arg.unwrap_or(DEFAULT_SCENARIO);
    let path = std::path::Path::new(arg);
    let (label, text, format) = if path.is_file() {
        let text = std::fs::read(path)
            .map_err(|e| CliError::invalid(format!("cannot read scenario file {arg}: {e}")))?;
        let text = String::from_utf8(text).map_err(|_| {
            CliError::invalid(format!(
                "{arg}: is not a text file (scenario files are TOML or JSON in UTF-8)"
            ))
        })?;
        (arg.to_string(), text, Format::from_path(arg))
    } else if path.is_dir() {
        return Err(CliError::invalid(format!(
            "{arg} is a folder; give a scenario file (.toml or .json) or a bundled scenario name ({})",
            bundled_names()
        )));
    } else if let Some(t) = bundled(arg) {
        (format!("bundled:{arg}"), t.to_string(), Format::Toml)
    } else {
        return Err(CliError::invalid(format!(
            "scenario \"{arg}\" not found: no such file, and not a bundled scenario ({})",
            bundled_names()
        )));
    };
    let scenario = Scenario::parse(&text, format).map_err(|e| scenario_errors(&label, &e))?;
    Ok(Source { label, scenario })
}

/// Scenario errors: a headline, then one "path: message" line per problem.
pub fn scenario_errors(label: &str, e: &ScenarioErrors) -> CliError {
    CliError::Scenario {
        label: label.to_string(),
        errors: e.0.clone(),
    }
}

/// The `--max-*` flags as model limits.
pub fn limits(m: &ModelArgs) -> Result<Limits> {
    if !(m.max_events.is_finite() && m.max_events > 0.0) {
        return Err(CliError::invalid(format!(
            "--max-events: must be a number > 0, got {}",
            m.max_events
        )));
    }
    Ok(Limits {
        max_contacts: m.max_events,
        max_agents: m.max_agents,
        // sim-core's compile clamps with 1..=max_days, which panics for 0 (clap also rejects 0)
        max_days: m.max_days.max(1),
        max_shifts: m.max_shifts,
    })
}

/// Compiles a scenario; errors name the source and every field path.
pub fn compile(label: &str, s: &Scenario, limits: Limits) -> Result<Model> {
    // sim-core refuses absurd headcounts and schedules before expanding any plan, and bounds the
    // per-interval statistics (MAX_INTERVAL_CELLS, MAX_GROUP_INTERVAL_CELLS: at most about 2 GB
    // for 4 workers, so the CLI needs no memory check of its own)
    Model::compile(s, limits).map_err(|e| scenario_errors(label, &e))
}

/// Applies `--set` edits (all must be plain values) and what-if flags.
pub fn prepare(src: &Source, m: &ModelArgs, w: Option<&WhatIfArgs>) -> Result<Scenario> {
    let mut s = src.scenario.clone();
    for e in &m.set {
        let (path, value) = split_assignment(e)?;
        s = set_path(&s, path, parse_value(value))?;
    }
    if let Some(w) = w {
        s = whatif(w)?.apply(&s);
    }
    Ok(s)
}

/// Converts the what-if flags to sim-core's shared what-if.
pub fn whatif(w: &WhatIfArgs) -> Result<WhatIf> {
    let mut out = WhatIf::default();
    if let Some(f) = w.scale_volume {
        check_factor("--scale-volume", f)?;
        out.volume_scale = Some(f);
    }
    if let Some(f) = w.scale_aht {
        check_factor("--scale-aht", f)?;
        out.aht_scale = Some(f);
    }
    if let Some(pp) = w.add_shrinkage {
        if !pp.is_finite() || pp.abs() > 100.0 {
            return Err(CliError::invalid(format!(
                "--add-shrinkage: must be between -100 and 100 percentage points, got {pp}"
            )));
        }
        out.shrinkage_pp = Some(pp);
    }
    for a in &w.add_agents {
        let (g, n) = a.split_once('=').ok_or_else(|| {
            CliError::invalid(format!("--add-agents {a}: expected GROUP=N, e.g. team=+2"))
        })?;
        let n: i64 = n.trim().trim_start_matches('+').parse().map_err(|_| {
            CliError::invalid(format!(
                "--add-agents {a}: \"{n}\" is not a whole number of agents"
            ))
        })?;
        *out.agents_delta.entry(g.trim().to_string()).or_insert(0) += n;
    }
    Ok(out)
}

/// Checks that every group named in `--add-agents` exists.
pub fn check_whatif_groups(w: &WhatIf, s: &Scenario) -> Result<()> {
    for g in w.agents_delta.keys() {
        if !s.agent_groups.iter().any(|x| &x.id == g) {
            let ids: Vec<&str> = s.agent_groups.iter().map(|x| x.id.as_str()).collect();
            return Err(CliError::invalid(format!(
                "--add-agents: unknown agent group \"{g}\"; groups: {}",
                ids.join(", ")
            )));
        }
    }
    Ok(())
}

fn check_factor(flag: &str, f: f64) -> Result<()> {
    if !f.is_finite() || f < 0.0 {
        return Err(CliError::invalid(format!(
            "{flag}: must be a factor >= 0 such as 1.1, got {f}"
        )));
    }
    Ok(())
}

/// Splits `PATH=VALUE`.
pub fn split_assignment(e: &str) -> Result<(&str, &str)> {
    match e.split_once('=') {
        Some((p, v)) if !p.trim().is_empty() => Ok((p.trim(), v.trim())),
        _ => Err(CliError::invalid(format!(
            "--set {e}: expected PATH=VALUE, e.g. agent_groups.team.staffing.constant=12"
        ))),
    }
}

/// A `--set` value: JSON if it parses as JSON, else a string.
pub fn parse_value(v: &str) -> Value {
    serde_json::from_str(v).unwrap_or_else(|_| Value::String(v.to_string()))
}

/// A number as a JSON value: integral numbers become integers (so integer fields accept them).
pub fn number_value(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        Value::from(x as i64)
    } else {
        Value::from(x)
    }
}

/// Splits a path like `contact_types[0].arrivals.scale` into segments.
fn segments(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let mut rest = part;
        // name[0][1] → name, 0, 1
        if let Some(b) = rest.find('[') {
            if b > 0 {
                out.push(rest[..b].to_string());
            }
            rest = &rest[b..];
            while let Some(stripped) = rest.strip_prefix('[') {
                match stripped.find(']') {
                    Some(e) => {
                        out.push(stripped[..e].to_string());
                        rest = &stripped[e + 1..];
                    }
                    None => {
                        out.push(stripped.to_string());
                        rest = "";
                    }
                }
            }
            if !rest.is_empty() {
                out.push(rest.to_string());
            }
        } else {
            out.push(rest.to_string());
        }
    }
    out
}

/// Sets a field of a scenario by dotted path (see `--set`). The result is checked against the
/// scenario schema; problems name the path.
pub fn set_path(s: &Scenario, path: &str, value: Value) -> Result<Scenario> {
    let mut root = serde_json::to_value(s)
        .map_err(|e| CliError::failed(format!("internal: cannot represent the scenario: {e}")))?;
    let segs = segments(path);
    if segs.iter().any(|x| x.is_empty()) {
        return Err(CliError::invalid(format!(
            "--set {path}: empty path segment"
        )));
    }
    let n = set_in(&mut root, &segs, &value, path, "")?;
    if n == 0 {
        return Err(CliError::invalid(format!(
            "--set {path}: the list is empty, nothing to change"
        )));
    }
    serde_json::from_value::<Scenario>(root).map_err(|e| {
        CliError::invalid(format!(
            "--set {path}={value}: {}",
            e.to_string().replace('`', "'")
        ))
    })
}

fn set_in(node: &mut Value, segs: &[String], value: &Value, full: &str, at: &str) -> Result<usize> {
    let Some((head, rest)) = segs.split_first() else {
        *node = value.clone();
        return Ok(1);
    };
    let here = if at.is_empty() {
        head.clone()
    } else {
        format!("{at}.{head}")
    };
    match node {
        Value::Array(items) => {
            if head == "*" {
                let mut n = 0;
                for it in items.iter_mut() {
                    n += set_in(it, rest, value, full, &here)?;
                }
                return Ok(n);
            }
            let by_id = items
                .iter()
                .position(|it| it.get("id").and_then(Value::as_str) == Some(head.as_str()));
            let idx = match by_id {
                Some(i) => i,
                None => match head.parse::<usize>() {
                    Ok(i) if i < items.len() => i,
                    _ => {
                        let ids: Vec<String> = items
                            .iter()
                            .filter_map(|it| it.get("id").and_then(Value::as_str))
                            .map(str::to_string)
                            .collect();
                        let known = if ids.is_empty() {
                            format!("indices 0..{}", items.len())
                        } else {
                            format!("ids: {}", ids.join(", "))
                        };
                        return Err(CliError::invalid(format!(
                            "--set {full}: no element \"{head}\" in {} ({known})",
                            if at.is_empty() { "the list" } else { at }
                        )));
                    }
                },
            };
            set_in(&mut items[idx], rest, value, full, &here)
        }
        Value::Object(map) => {
            let child = map.entry(head.clone()).or_insert_with(|| {
                if rest.is_empty() {
                    Value::Null
                } else {
                    Value::Object(Default::default())
                }
            });
            set_in(child, rest, value, full, &here)
        }
        Value::Null => {
            *node = Value::Object(Default::default());
            set_in(node, segs, value, full, at)
        }
        _ => Err(CliError::invalid(format!(
            "--set {full}: \"{at}\" is a single value, it has no field \"{head}\""
        ))),
    }
}

/// A UTF-8 text file given on the command line; `what` names it in the error ("the rules").
pub fn read_text(path: &std::path::Path, what: &str) -> Result<String> {
    let bytes = std::fs::read(path)
        .map_err(|e| CliError::invalid(format!("cannot read {what} {}: {e}", path.display())))?;
    String::from_utf8(bytes)
        .map_err(|_| CliError::invalid(format!("{}: is not UTF-8 text ({what})", path.display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_split() {
        assert_eq!(
            segments("contact_types[0].arrivals.scale"),
            vec!["contact_types", "0", "arrivals", "scale"]
        );
        assert_eq!(segments("a.b.c"), vec!["a", "b", "c"]);
    }

    #[test]
    fn sets_by_id_and_index() {
        let s = Scenario::parse(bundled(DEFAULT_SCENARIO).unwrap(), Format::Toml).unwrap();
        let g = s.agent_groups[0].id.clone();
        let t = set_path(
            &s,
            &format!("agent_groups.{g}.speed_factor"),
            number_value(1.5),
        )
        .unwrap();
        assert_eq!(t.agent_groups[0].speed_factor, Some(1.5));
        let t = set_path(&s, "contact_types.*.priority", number_value(3.0)).unwrap();
        assert!(t.contact_types.iter().all(|c| c.priority == 3));
        assert!(set_path(&s, "agent_groups.nope.speed_factor", number_value(1.0)).is_err());
        assert!(set_path(&s, "bogus_field", number_value(1.0)).is_err());
    }
}
