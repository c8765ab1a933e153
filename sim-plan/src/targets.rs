//! The targets a staffing is planned for.
//!
//! By default each contact type's own targets from the scenario (`service_level.target` within
//! `service_level.threshold_s`, `max_abandon_rate`). Overrides replace all of them:
//! `service_level=0.8` or `abandon_rate=0.05` for every contact type, `TYPE.service_level=0.9`
//! for one. A contact type without any target is planned to carry its load (see
//! `docs/planning.md`), never for a silently assumed target.

use serde::Serialize;
use sim_core::error::fmt_num;
use sim_core::Model;
use std::fmt;

/// A planning input that cannot be used, with the field, the value and what is allowed.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanError {
    /// Where the value came from, e.g. `--target` or `targets[2]`.
    pub field: String,
    pub value: String,
    /// What is allowed instead.
    pub allowed: String,
}

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.value.is_empty() {
            write!(f, "{}: {}", self.field, self.allowed)
        } else {
            write!(f, "{} {}: {}", self.field, self.value, self.allowed)
        }
    }
}

impl std::error::Error for PlanError {}

fn err(field: &str, value: &str, allowed: impl Into<String>) -> PlanError {
    PlanError {
        field: field.to_string(),
        value: value.to_string(),
        allowed: allowed.into(),
    }
}

/// Service level target: at least `share` of offered contacts answered within `threshold_s`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ServiceLevelTarget {
    pub threshold_s: f64,
    pub share: f64,
}

/// The targets of one contact type.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct TypeTarget {
    pub service_level: Option<ServiceLevelTarget>,
    /// Highest allowed abandonment (abandoned / offered); only for types whose callers abandon.
    pub max_abandon_rate: Option<f64>,
}

impl TypeTarget {
    pub fn is_empty(&self) -> bool {
        self.service_level.is_none() && self.max_abandon_rate.is_none()
    }
}

/// Targets of every contact type of a model, in model order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StaffingTargets {
    pub by_type: Vec<TypeTarget>,
}

impl StaffingTargets {
    /// The scenario's own targets.
    pub fn from_model(model: &Model) -> StaffingTargets {
        StaffingTargets {
            by_type: model
                .types
                .iter()
                .map(|t| TypeTarget {
                    service_level: t.sl_target.map(|share| ServiceLevelTarget {
                        threshold_s: t.sl_threshold_s,
                        share,
                    }),
                    max_abandon_rate: t.max_abandon_rate,
                })
                .collect(),
        }
    }

    /// The scenario's targets when `given` is empty; otherwise only the given ones
    /// (`KPI=VALUE` or `TYPE.KPI=VALUE`, KPI `service_level` or `abandon_rate`, VALUE a share
    /// strictly between 0 and 1). An abandonment target is ignored for types whose callers never
    /// abandon (no patience). Fails when nothing is left to plan for.
    pub fn parse(model: &Model, given: &[String]) -> Result<StaffingTargets, PlanError> {
        let mut out = if given.is_empty() {
            StaffingTargets::from_model(model)
        } else {
            StaffingTargets {
                by_type: vec![TypeTarget::default(); model.types.len()],
            }
        };
        for g in given {
            out.apply(model, g)?;
        }
        if out.by_type.iter().all(TypeTarget::is_empty) {
            return Err(err(
                "targets",
                "",
                "none given: give --target service_level=0.8 (or abandon_rate=0.05), or set \
                 service_level.target / max_abandon_rate in the scenario",
            ));
        }
        Ok(out)
    }

    fn apply(&mut self, model: &Model, g: &str) -> Result<(), PlanError> {
        let field = "--target";
        let (k, v) = g
            .split_once('=')
            .ok_or_else(|| err(field, g, "expected KPI=VALUE, e.g. service_level=0.8"))?;
        let v: f64 = v
            .trim()
            .parse()
            .ok()
            .filter(|x: &f64| *x > 0.0 && *x < 1.0)
            .ok_or_else(|| {
                err(
                    field,
                    g,
                    "the value must be a share between 0 and 1, e.g. 0.8 for 80 %",
                )
            })?;
        let (ty, kpi) = match k.trim().rsplit_once('.') {
            Some((t, kp)) => (Some(t), kp),
            None => (None, k.trim()),
        };
        let idx: Vec<usize> = match ty {
            None => (0..model.types.len()).collect(),
            Some(t) => match model.types.iter().position(|x| x.id == t) {
                Some(i) => vec![i],
                None => {
                    let ids: Vec<&str> = model.types.iter().map(|x| x.id.as_str()).collect();
                    return Err(err(
                        field,
                        g,
                        format!("unknown contact type \"{t}\"; types: {}", ids.join(", ")),
                    ));
                }
            },
        };
        for i in idx {
            let t = &model.types[i];
            match kpi {
                "service_level" => {
                    self.by_type[i].service_level = Some(ServiceLevelTarget {
                        threshold_s: t.sl_threshold_s,
                        share: v,
                    })
                }
                "abandon_rate" => {
                    if t.mean_patience_s.is_some() {
                        self.by_type[i].max_abandon_rate = Some(v)
                    }
                }
                other => {
                    return Err(err(
                        field,
                        g,
                        format!(
                            "\"{other}\" cannot be staffed for; use service_level or abandon_rate"
                        ),
                    ))
                }
            }
        }
        Ok(())
    }

    /// One line per target, e.g. `calls: service level >= 80 % within 20 s`.
    pub fn describe(&self, model: &Model) -> Vec<String> {
        let mut v = Vec::new();
        for (t, tg) in model.types.iter().zip(&self.by_type) {
            if let Some(sl) = tg.service_level {
                v.push(format!(
                    "{}: service level >= {} % within {} s",
                    t.id,
                    fmt_num(sl.share * 100.0),
                    fmt_num(sl.threshold_s)
                ));
            }
            if let Some(x) = tg.max_abandon_rate {
                v.push(format!("{}: abandonment <= {} %", t.id, fmt_num(x * 100.0)));
            }
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sim_core::Format;

    fn model() -> Model {
        let text = r#"
version = 1
name = "two types"
[[contact_types]]
id = "calls"
arrivals = { rate_per_hour = 100 }
handle_time = { dist = "exponential", mean = 300 }
patience = { dist = "exponential", mean = 120 }
service_level = { threshold_s = 20, target = 0.8 }
[[contact_types]]
id = "mail"
channel = "email"
arrivals = { rate_per_hour = 10 }
handle_time = { dist = "exponential", mean = 600 }
[[agent_groups]]
id = "team"
skills = ["calls", "mail"]
staffing = { constant = 12 }
"#;
        Model::from_text(text, Format::Toml).expect("valid")
    }

    #[test]
    fn scenario_targets_by_default_and_overrides_replace_them() {
        let m = model();
        let t = StaffingTargets::parse(&m, &[]).unwrap();
        assert_eq!(t.by_type[0].service_level.unwrap().share, 0.8);
        assert!(t.by_type[1].is_empty(), "no target is invented for mail");
        assert_eq!(
            t.describe(&m),
            vec!["calls: service level >= 80 % within 20 s"]
        );

        let t = StaffingTargets::parse(&m, &["mail.service_level=0.9".into()]).unwrap();
        assert!(
            t.by_type[0].is_empty(),
            "given targets replace the scenario's"
        );
        assert_eq!(t.by_type[1].service_level.unwrap().share, 0.9);

        let t = StaffingTargets::parse(&m, &["abandon_rate=0.05".into()]).unwrap();
        assert_eq!(t.by_type[0].max_abandon_rate, Some(0.05));
        assert_eq!(t.by_type[1].max_abandon_rate, None, "mail never abandons");
    }

    #[test]
    fn bad_targets_name_the_value_and_what_is_allowed() {
        let m = model();
        let e = StaffingTargets::parse(&m, &["service_level=80".into()]).unwrap_err();
        assert_eq!(e.field, "--target");
        assert!(e.to_string().contains("share between 0 and 1"), "{e}");
        let e = StaffingTargets::parse(&m, &["chat.service_level=0.8".into()]).unwrap_err();
        assert!(e
            .to_string()
            .contains("unknown contact type \"chat\"; types: calls, mail"));
        let e = StaffingTargets::parse(&m, &["asa=0.5".into()]).unwrap_err();
        assert!(e.to_string().contains("cannot be staffed for"), "{e}");
        let e = StaffingTargets::parse(&m, &["mail.abandon_rate=0.1".into()]).unwrap_err();
        assert!(e.to_string().contains("none given"), "{e}");
    }
}
