//! Rows of a comparison and targets say what they are about (the center, a contact type or an
//! agent group), so a type and a group that share an id never mix; targets carry a typed rule and
//! whether their mean meets them.

use sim_core::kpi::{self, CONTACT_KPIS, GROUP_KPIS};
use sim_core::report::TargetRule;
use sim_core::{compare, run_batch, Format, Model, Scope};
use std::collections::BTreeSet;

fn bundled(name: &str) -> Model {
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../scenarios")
        .join(format!("{name}.toml"));
    let text = std::fs::read_to_string(&path).expect("bundled scenario");
    Model::from_text(&text, Format::Toml).expect("valid")
}

#[test]
fn compare_keeps_a_type_and_a_group_with_the_same_id_apart() {
    let m = bundled("multi-skill-bank");
    let types: BTreeSet<&str> = m.types.iter().map(|t| t.id.as_str()).collect();
    let groups: BTreeSet<&str> = m.groups.iter().map(|g| g.id.as_str()).collect();
    let shared: Vec<&str> = types.intersection(&groups).copied().collect();
    assert_eq!(shared, ["business", "fraud", "premium"]);

    let s = run_batch(&m, 11, 0..3);
    let report = s.report(&m);
    let diffs = compare(&s, &s);
    let mut keys = BTreeSet::new();
    for d in &diffs {
        assert!(
            keys.insert((d.scope.name(), d.id.as_str(), d.kpi.as_str())),
            "row {:?} {} {} twice",
            d.scope,
            d.id,
            d.kpi
        );
        assert_eq!(d.scope == Scope::Overall, d.id.is_empty(), "{d:?}");
    }
    let kpis_of = |scope: Scope, id: &str| -> Vec<&str> {
        diffs
            .iter()
            .filter(|d| d.scope == scope && d.id == id)
            .map(|d| d.kpi.as_str())
            .collect()
    };
    let ids = |defs: &[kpi::KpiDef]| defs.iter().map(|d| d.id).collect::<Vec<_>>();
    assert_eq!(kpis_of(Scope::Overall, ""), kpi::overall_names());
    for id in shared {
        assert_eq!(kpis_of(Scope::Type, id), ids(CONTACT_KPIS), "type {id}");
        assert_eq!(kpis_of(Scope::Group, id), ids(GROUP_KPIS), "group {id}");
        // each row holds its own entity's values: the type's contacts, the group's agents
        let row = |scope: Scope, kpi: &str| {
            diffs
                .iter()
                .find(|d| d.scope == scope && d.id == id && d.kpi == kpi)
                .and_then(|d| d.base)
        };
        let t = &report.by_type.get(id).expect("type").kpis;
        let g = &report.by_group.get(id).expect("group").kpis;
        assert_eq!(row(Scope::Type, "offered"), t.get("offered").unwrap().mean);
        assert_eq!(
            row(Scope::Group, "group_handled"),
            g.get("group_handled").unwrap().mean
        );
        assert_eq!(row(Scope::Group, "cost"), g.get("cost").unwrap().mean);
    }
    let json = serde_json::to_value(&diffs).unwrap();
    let fraud_group = json
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["scope"] == "group" && d["id"] == "fraud")
        .expect("group rows say \"group\"");
    assert_eq!(fraud_group["kpi"], "occupancy");
}

fn one_queue(agents: u32) -> Model {
    let text = format!(
        r#"
version = 1
name = "one queue"
[[contact_types]]
id = "calls"
arrivals = {{ rate_per_hour = 120 }}
handle_time = {{ dist = "exponential", mean = 240 }}
patience = {{ dist = "exponential", mean = 120 }}
service_level = {{ threshold_s = 20, target = 0.8 }}
max_abandon_rate = 0.05
[[agent_groups]]
id = "calls"
skills = ["calls"]
staffing = {{ constant = {agents} }}
"#
    );
    Model::from_text(&text, Format::Toml).expect("valid")
}

#[test]
fn targets_say_their_scope_rule_and_whether_the_mean_meets_them() {
    assert!(TargetRule::AtLeast.met_by(0.8, 0.8) && !TargetRule::AtLeast.met_by(0.79, 0.8));
    assert!(TargetRule::AtMost.met_by(0.05, 0.05) && !TargetRule::AtMost.met_by(0.06, 0.05));
    // 8 Erlangs: 5 agents miss both targets by far, 16 meet both by far
    for (agents, met) in [(5, false), (16, true)] {
        let m = one_queue(agents);
        let s = run_batch(&m, 5, 0..4);
        let r = s.report(&m);
        assert_eq!(r.targets.len(), 2);
        for t in &r.targets {
            assert_eq!((t.scope, t.id.as_str()), (Scope::Type, "calls"));
            let rule = match t.kpi.as_str() {
                "service_level" => TargetRule::AtLeast,
                "abandon_rate" => TargetRule::AtMost,
                k => panic!("unexpected target KPI {k}"),
            };
            assert_eq!(t.rule, rule);
            assert_eq!(t.met, Some(met), "{agents} agents: {t:?}");
            let values = s.type_kpi(0, |k| {
                if rule == TargetRule::AtLeast {
                    k.service_level
                } else {
                    k.abandon_rate
                }
            });
            let missed = values
                .iter()
                .filter(|v| !rule.met_by(**v, t.target))
                .count();
            assert_eq!(t.missed_replications, missed);
            assert_eq!(missed, if met { 0 } else { 4 }, "{t:?}");
        }
        let json = serde_json::to_value(&r.targets[0]).unwrap();
        assert_eq!(json["scope"], "type");
        assert_eq!(json["rule"], "at least");
        assert_eq!(json["met"], met);
    }
}
