use super::*;
use sim_core::Format;

const SCENARIO: &str = include_str!("../../../web/test/fixtures/schedule-small.toml");
const RULES: &str = include_str!("../../../web/test/fixtures/schedule-small.rules.toml");
const OPTS: &str = r#"{"replications":4,"seed":"11","max_iterations":3}"#;

fn err(e: &str) -> Value {
    serde_json::from_str(e).unwrap_or_else(|_| panic!("not JSON: {e}"))
}

/// Driving the search through the bindings (summary JSON in, replications in two parts merged in
/// reverse, like the page) gives the result the native loop gives (report in, like the CLI).
#[test]
fn search_through_the_bindings_equals_the_native_loop() {
    let mut js = SchedSession::new(SCENARIO, "toml", RULES, "", OPTS).unwrap();
    let mut purposes = Vec::new();
    let via_js = loop {
        let step: Value = serde_json::from_str(&js.next_step().unwrap()).unwrap();
        if step["kind"] == "done" {
            break step;
        }
        purposes.push(step["purpose"].as_str().unwrap().to_string());
        let text = step["scenario"].as_str().unwrap();
        let seed: u64 = step["seed"].as_str().unwrap().parse().unwrap();
        let n = step["replications"].as_u64().unwrap() as u32;
        let m = api::compile(text, "json", "").unwrap();
        let a = api::summary_json(&sim_core::run_batch(&m, seed, 0..n / 2));
        let b = api::summary_json(&sim_core::run_batch(&m, seed, n / 2..n));
        js.submit(&api::merge(&b, &a).unwrap()).unwrap();
        assert!(purposes.len() < 20, "the search does not end");
    };
    assert_eq!(purposes.first().map(String::as_str), Some("baseline"));
    assert_eq!(purposes.last().map(String::as_str), Some("verify"));

    let base = Scenario::parse(SCENARIO, Format::Toml).unwrap();
    let model = Model::compile(&base, Limits::default()).unwrap();
    let rules = parse_rules(RULES).unwrap().validate(&model).unwrap();
    let o = ScheduleOptions {
        replications: 4,
        seed: 11,
        max_iterations: 3,
        ..ScheduleOptions::default()
    };
    let targets = StaffingTargets::from_model(&model);
    let mut s = ScheduleSearch::new(&base, &model, rules, targets, None, o).unwrap();
    let native = loop {
        match s.next_step() {
            ScheduleStep::Done(r) => break r,
            ScheduleStep::Simulate(run) => {
                let m = Model::compile(&run.scenario, Limits::default()).unwrap();
                let r = sim_core::run_batch(&m, run.seed, 0..run.replications).report(&m);
                s.submit(&r).unwrap();
            }
        }
    };
    assert_eq!(via_js["result"], serde_json::to_value(&*native).unwrap());
    let applied = Scenario::parse(&via_js["scenario"].to_string(), Format::Json).unwrap();
    assert_eq!(applied, native.scenario);
    assert!(!native.rows.is_empty());
    assert_eq!(
        via_js["chosen_iteration"].as_u64(),
        native.verification.as_ref().map(|v| v.iteration as u64)
    );
    assert_eq!(via_js["templates"].as_array().unwrap().len(), 2);
    assert_eq!(
        via_js["verification_seed"],
        json!(sim_plan::schedule::verification_seed(11).to_string())
    );
}

#[test]
fn rules_errors_carry_their_field_paths() {
    let bad = RULES.replace("latest = \"04:30\"", "latest = \"07:45\"");
    let v = err(&rules_validate(SCENARIO, "toml", &bad));
    assert_eq!(v["ok"], false);
    assert_eq!(v["source"], "rules");
    assert_eq!(
        v["errors"][0]["path"], "templates[0].breaks[0].latest",
        "{v}"
    );
    let v = err(&rules_validate(SCENARIO, "toml", "[[templates]]\nid = 3\n"));
    assert_eq!(v["source"], "rules");
    assert!(
        v["errors"][0]["path"]
            .as_str()
            .unwrap()
            .starts_with("templates"),
        "{v}"
    );
    let v = err(&rules_validate(
        SCENARIO,
        "toml",
        &RULES.replace("\"team\"", "\"crew\""),
    ));
    assert!(
        v["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("not an agent group"),
        "{v}"
    );
    let v = err(&rules_validate("version = 1\nname = 3", "toml", RULES));
    assert_eq!(v["source"], "scenario", "{v}");
    let ok = err(&rules_validate(SCENARIO, "toml", RULES));
    assert_eq!(ok["ok"], true, "{ok}");
    assert_eq!(
        ok["summary"]["templates"][0]["starts"],
        json!(["07:00", "08:00"])
    );
    assert_eq!(
        ok["summary"]["templates"][0]["cost_per_shift"],
        json!(150.0)
    );
    let e = SchedSession::new(SCENARIO, "toml", &bad, "", OPTS)
        .err()
        .unwrap();
    assert_eq!(
        err(&e)["errors"][0]["path"],
        "templates[0].breaks[0].latest"
    );
}

#[test]
fn options_targets_and_requirement_errors_are_json_with_paths() {
    let case = |opts: &str| {
        err(&SchedSession::new(SCENARIO, "toml", RULES, "", opts)
            .err()
            .unwrap())
    };
    let v = case(r#"{"replications":1}"#);
    assert_eq!(
        (v["source"].as_str(), v["errors"][0]["path"].as_str()),
        (Some("options"), Some("options.replications"))
    );
    let v = case(r#"{"seed":"x"}"#);
    assert_eq!(v["errors"][0]["path"], "options.seed");
    let v = case(r#"{"min_interval_service_level":80}"#);
    assert_eq!(v["errors"][0]["path"], "options.min_interval_service_level");
    let v = case(r#"{"node_limit":-1}"#);
    assert_eq!(v["errors"][0]["path"], "options.node_limit");
    let v = case(r#"{"min_interval_service_level":"x"}"#);
    assert_eq!(v["errors"][0]["path"], "options.min_interval_service_level");
    let v = case(r#"{"targets":["service_level=80"]}"#);
    assert_eq!(v["source"], "targets");
    let v = err(
        &SchedSession::new(SCENARIO, "toml", RULES, "nonsense\n1,2,3\n", OPTS)
            .err()
            .unwrap(),
    );
    assert_eq!(v["source"], "requirement", "{v}");
    assert!(
        v["errors"][0]["path"]
            .as_str()
            .unwrap()
            .starts_with("requirement"),
        "{v}"
    );
}

#[test]
fn rules_as_json_and_starter_rules() {
    let v: Value = serde_json::from_str(&rules_json(RULES).unwrap()).unwrap();
    assert_eq!(v["templates"][1]["cost_per_shift"], json!(170));
    assert_eq!(v["templates"][0]["breaks"][0]["paid"], json!(false));
    let e = err(&rules_json("[[templates]]\nidd = 1").unwrap_err());
    assert_eq!(e["source"], "rules");
    let text = starter(SCENARIO, "toml").unwrap();
    let ok = err(&rules_validate(SCENARIO, "toml", &text));
    assert_eq!(ok["ok"], true, "{text}\n{ok}");
    assert_eq!(
        ok["summary"]["templates"][0]["starts"],
        json!(["07:00", "11:00"])
    );
}

#[test]
fn stop_gives_the_best_schedule_so_far_or_null() {
    let mut js = SchedSession::new(SCENARIO, "toml", RULES, "", OPTS).unwrap();
    assert_eq!(js.stop().unwrap(), "null");
    let mut js = SchedSession::new(SCENARIO, "toml", RULES, "", OPTS).unwrap();
    for _ in 0..2 {
        let step: Value = serde_json::from_str(&js.next_step().unwrap()).unwrap();
        let m = api::compile(step["scenario"].as_str().unwrap(), "json", "").unwrap();
        let seed: u64 = step["seed"].as_str().unwrap().parse().unwrap();
        js.submit(&api::summary_json(&sim_core::run_batch(&m, seed, 0..4)))
            .unwrap();
    }
    let done: Value = serde_json::from_str(&js.stop().unwrap()).unwrap();
    assert_eq!(done["kind"], "done");
    assert_eq!(done["result"]["partial"], true);
    assert_eq!(done["result"]["iterations"].as_array().unwrap().len(), 1);
    assert!(!done["result"]["rows"].as_array().unwrap().is_empty());
    assert!(js.submit("{}").is_err(), "nothing proposed after a stop");
}
